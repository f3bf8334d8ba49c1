package io.borealis.scheduler.placement;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Places pending tasks on offers, first-fit in the order given (oldest first), consuming what
 * each offer has left so no offer is used beyond its resources and no port twice.
 */
public final class Placement {

    private final List<FeasibilityCheck> checks;

    public Placement() {
        this.checks = List.of(
                // value constraints first: static per agent, so their veto is the most useful answer
                new ValueConstraintCheck(),
                // resources next: the usual reason a task waits
                new ResourceCheck(),
                // limits last: they depend on the spread, which changes as this round places tasks
                new LimitConstraintCheck());
    }

    public Plan place(List<Demand> demands, List<Slot> offers, JobSpread spread) {
        List<Slot> slots = new ArrayList<>(offers);
        List<Assignment> assignments = new ArrayList<>();
        Map<String, Map<Veto, Integer>> vetoes = new LinkedHashMap<>();
        for (Demand demand : demands) {
            Map<Veto, Integer> refused = new EnumMap<>(Veto.class);
            boolean placed = false;
            for (int i = 0; i < slots.size() && !placed; i++) {
                Slot slot = slots.get(i);
                Optional<Veto> veto = firstVeto(demand, slot, spread);
                if (veto.isPresent()) {
                    refused.merge(veto.get(), 1, Integer::sum);
                    continue;
                }
                Map<String, Integer> ports = new LinkedHashMap<>();
                slots.set(i, take(slot, demand, ports));
                assignments.add(new Assignment(demand.taskId(), slot.offerId(), slot.agentId(), slot.hostname(),
                        slot.attributes(), Map.copyOf(ports)));
                spread.add(demand.job(), slot.hostname(), slot.attributes());
                placed = true;
            }
            if (!placed) {
                vetoes.put(demand.taskId(), Map.copyOf(refused));
            }
        }
        return new Plan(List.copyOf(assignments), Map.copyOf(vetoes));
    }

    private Optional<Veto> firstVeto(Demand demand, Slot slot, JobSpread spread) {
        for (FeasibilityCheck check : checks) {
            Optional<Veto> veto = check.check(demand, slot, spread);
            if (veto.isPresent()) {
                return veto;
            }
        }
        return Optional.empty();
    }

    /** The slot minus the demand; fills {@code ports} with the ports taken (lowest first). */
    private static Slot take(Slot slot, Demand demand, Map<String, Integer> ports) {
        List<Slot.PortRange> ranges = new ArrayList<>(slot.ports());
        for (String name : demand.portNames()) {
            Slot.PortRange first = ranges.remove(0);
            ports.put(name, (int) first.begin());
            if (first.begin() < first.end()) {
                ranges.add(0, new Slot.PortRange(first.begin() + 1, first.end()));
            }
        }
        return new Slot(slot.offerId(), slot.agentId(), slot.hostname(), slot.attributes(),
                slot.cpus() - demand.cpus(), slot.memMb() - demand.memMb(), slot.diskMb() - demand.diskMb(),
                List.copyOf(ranges));
    }
}
