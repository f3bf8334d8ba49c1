package io.borealis.scheduler.bench;

import io.borealis.api.job.Constraint;
import io.borealis.scheduler.placement.Demand;
import io.borealis.scheduler.placement.Slot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The issue-4 workload, seeded: {@code agents} agents (16 cpus, 64 GiB, 1 TiB, 1,000 ports, 5 zones,
 * 20 racks) and {@code jobs} × {@code instances} pending tasks of mixed sizes; 10 % of the jobs want
 * one instance per host, 10 % are confined to two zones (20 % constrained in all).
 */
public record PlacementWorkload(List<Slot> slots, List<Demand> grouped, List<Demand> alone) {

    static final List<String> ZONES = List.of("a", "b", "c", "d", "e");

    public static PlacementWorkload generate(int agents, int jobs, int instances, long seed) {
        Random random = new Random(seed);
        List<Slot> slots = new ArrayList<>(agents);
        for (int i = 0; i < agents; i++) {
            String host = "host" + i;
            slots.add(new Slot("offer-" + i, "agent-" + i, host,
                    Map.of("host", host, "zone", ZONES.get(i % ZONES.size()), "rack", "r" + (i % 20)),
                    16, 65536, 1_048_576, List.of(new Slot.PortRange(31000, 31999))));
        }
        List<Demand> grouped = new ArrayList<>(jobs * instances);
        List<Demand> alone = new ArrayList<>(jobs * instances);
        for (int j = 0; j < jobs; j++) {
            String job = "role" + (j % 50) + "/prod/job" + j;
            double cpus = 0.25 * (1 + random.nextInt(4));
            double mem = 256 * (1 + random.nextInt(8));
            List<String> ports = random.nextBoolean() ? List.of("http") : List.of("http", "admin");
            List<Constraint> constraints = switch (j % 10) {
                case 0 -> List.of(new Constraint("host", null, 1));
                case 1 -> List.of(new Constraint("zone", List.of(ZONES.get(j % 5), ZONES.get((j + 1) % 5)), null));
                default -> List.of();
            };
            for (int i = 0; i < instances; i++) {
                String taskId = job + "/" + i;
                grouped.add(new Demand(taskId, job, "v1", cpus, mem, 100, ports, constraints));
                alone.add(new Demand(taskId, job, cpus, mem, 100, ports, constraints));
            }
        }
        return new PlacementWorkload(List.copyOf(slots), List.copyOf(grouped), List.copyOf(alone));
    }
}
