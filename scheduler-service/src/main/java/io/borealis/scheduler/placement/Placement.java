package io.borealis.scheduler.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places pending tasks (oldest first) on offers: feasibility checks → scorers → selection of the best
 * of the first {@code candidates} feasible agents (Nomad's limit iterator: scoring every agent buys
 * little and costs a lot). Each offer is consumed as tasks land on it, so no offer is used beyond its
 * resources and no port twice. Tasks are evaluated per {@link EquivalenceClass}.
 */
public final class Placement {

    /** How many feasible agents are scored per task by default. */
    public static final int DEFAULT_CANDIDATES = 16;

    private final FeasibilityCheck[] checks;
    private final Scorer[] scorers;
    private final int candidates;

    public Placement() {
        this(DEFAULT_CANDIDATES);
    }

    public Placement(int candidates) {
        this.candidates = Math.max(1, candidates);
        this.checks = new FeasibilityCheck[] {
                // maintenance first: absolute and the cheapest test, a draining host takes nothing whatever fits
                new MaintenanceCheck(),
                // dedicated next: a dedicated agent is off limits to other jobs, which is the truest answer there
                new DedicatedCheck(),
                // value constraints: static per agent, cached per class, and their veto is the most useful answer
                new ValueConstraintCheck(),
                // resources: the usual reason a task waits; they shrink as this round places tasks
                new ResourceCheck(),
                // limits last: they depend on the job's spread, which grows as this round places tasks
                new LimitConstraintCheck()};
        this.scorers = new Scorer[] {
                // bin-packing: fill the fullest agent that fits, keeping whole agents free for big tasks
                new BinPackingScorer(),
                // zone spreading outweighs packing: one zone lost must not take the whole job with it
                new ZoneSpreadScorer()};
    }

    public Plan place(List<Demand> demands, List<Slot> offers, JobSpread spread) {
        Slot[] slots = offers.toArray(Slot[]::new);
        Map<String, Integer> tasksLeft = new HashMap<>();
        for (Demand demand : demands) {
            tasksLeft.merge(demand.classKey(), 1, Integer::sum);
        }
        Map<String, EquivalenceClass> classes = new HashMap<>();
        List<Assignment> assignments = new ArrayList<>();
        Map<String, Map<Veto, Integer>> vetoes = new LinkedHashMap<>();
        int[] kept = new int[candidates];
        for (Demand demand : demands) {
            String key = demand.classKey();
            EquivalenceClass group = classes.computeIfAbsent(key, k -> new EquivalenceClass(slots.length));
            int chosen = select(demand, group, slots, spread, kept);
            if (tasksLeft.merge(key, -1, Integer::sum) == 0) {
                classes.remove(key); // its last task: free its per-agent memory now
            }
            if (chosen < 0) {
                vetoes.put(demand.taskId(), group.vetoes());
                continue;
            }
            Slot slot = slots[chosen];
            Map<String, Integer> ports = new LinkedHashMap<>();
            slots[chosen] = take(slot, demand, ports);
            assignments.add(new Assignment(demand.taskId(), slot.offerId(), slot.agentId(), slot.hostname(),
                    slot.attributes(), Map.copyOf(ports)));
            spread.add(demand.job(), slot.hostname(), slot.attributes());
        }
        return new Plan(List.copyOf(assignments), Map.copyOf(vetoes));
    }

    /** The best-scoring of the first {@code candidates} feasible live agents of the class; -1 if none is left. */
    private int select(Demand demand, EquivalenceClass group, Slot[] slots, JobSpread spread, int[] kept) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        int keptCount = 0;
        int scanned = 0;
        while (scanned < group.liveCount() && keptCount < candidates) {
            int index = group.liveAt(scanned);
            Veto veto = veto(demand, group, index, slots[index], spread);
            if (veto != null) {
                group.refused(veto);
            } else {
                kept[keptCount++] = scanned;
                double score = score(demand, slots[index], spread);
                if (score > bestScore) {
                    bestScore = score;
                    best = index;
                }
            }
            scanned++;
        }
        group.compact(kept, keptCount, scanned);
        return best;
    }

    private Veto veto(Demand demand, EquivalenceClass group, int index, Slot slot, JobSpread spread) {
        boolean staticKnown = group.staticPassed(index);
        for (FeasibilityCheck check : checks) {
            if (staticKnown && check.kind() == FeasibilityCheck.Kind.STATIC) {
                continue;
            }
            Veto veto = check.check(demand, slot, spread);
            if (veto != null) {
                return veto;
            }
        }
        group.passedStatic(index);
        return null;
    }

    private double score(Demand demand, Slot slot, JobSpread spread) {
        double total = 0;
        for (Scorer scorer : scorers) {
            total += scorer.score(demand, slot, spread);
        }
        return total;
    }

    /** The slot minus the demand; fills {@code ports} with the ports taken (lowest first). */
    private static Slot take(Slot slot, Demand demand, Map<String, Integer> ports) {
        List<Slot.PortRange> ranges = slot.ports();
        if (!demand.portNames().isEmpty()) {
            ranges = new ArrayList<>(slot.ports());
            for (String name : demand.portNames()) {
                Slot.PortRange first = ranges.remove(0);
                ports.put(name, (int) first.begin());
                if (first.begin() < first.end()) {
                    ranges.add(0, new Slot.PortRange(first.begin() + 1, first.end()));
                }
            }
            ranges = List.copyOf(ranges);
        }
        return new Slot(slot.offerId(), slot.agentId(), slot.hostname(), slot.attributes(),
                slot.cpus() - demand.cpus(), slot.memMb() - demand.memMb(), slot.diskMb() - demand.diskMb(),
                ranges, slot.mode());
    }
}
