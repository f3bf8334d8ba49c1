package io.borealis.scheduler.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses which tasks to preempt so that a pending production task fits (Aurora's preemptor): the
 * cheapest set of victims on ONE agent whose resources, added to what the agent has free, let the
 * task pass every feasibility check of {@link Placement} (maintenance, dedicated, value and limit
 * constraints, resources). Victims are tasks of OTHER jobs, of the {@code preemptible} or
 * {@code revocable} tier, not production, with a lower priority; they are taken lowest priority first,
 * then the set is pruned to the fewest needed. Among agents the cheapest set wins: fewest victims,
 * then the lowest priorities, then agent order. Plain Java.
 */
public final class Preemptor {

    /** Tiers whose tasks may be preempted. */
    public static final Set<String> PREEMPTIBLE_TIERS = Set.of("preemptible", "revocable");
    /** The tier (with production) that may preempt. */
    public static final String PREFERRED_TIER = "preferred";

    private static final Set<Veto> RESOURCE_VETOES = EnumSet.of(Veto.INSUFFICIENT_CPUS, Veto.INSUFFICIENT_MEM,
            Veto.INSUFFICIENT_DISK, Veto.INSUFFICIENT_PORTS);

    /** The task that waits: its needs, priority and whether it may preempt at all. */
    public record Pending(Demand demand, String tier, int priority, boolean production) {
        public boolean mayPreempt() {
            return production && PREFERRED_TIER.equals(tier);
        }
    }

    /** An active task on an agent, as preemption sees it; {@code ports} are the ports it holds. */
    public record Running(String taskId, String job, String agentId, String tier, int priority, boolean production,
                          double cpus, double memMb, double diskMb, List<Integer> ports) {
    }

    /** The victims to kill on one agent. */
    public record Preemption(String taskId, String agentId, String hostname, List<String> victims) {
    }

    private final FeasibilityCheck[] checks = {new MaintenanceCheck(), new DedicatedCheck(), new ValueConstraintCheck(),
        new ResourceCheck(), new LimitConstraintCheck()};

    /**
     * @param pending the task no offer fitted
     * @param vetoes why it did not fit (agent counts); when none of them is about resources, preempting
     *     cannot help and nothing is chosen; empty means no offer was seen at all
     * @param agents each agent with its free resources (its last offer, less what was placed on it since)
     * @param running the active tasks of every agent
     * @param spread where the jobs run (for limit constraints)
     */
    public Optional<Preemption> choose(Pending pending, Map<Veto, Integer> vetoes, List<Slot> agents,
                                       List<Running> running, JobSpread spread) {
        if (!pending.mayPreempt()) {
            return Optional.empty();
        }
        if (!vetoes.isEmpty() && vetoes.keySet().stream().noneMatch(RESOURCE_VETOES::contains)) {
            return Optional.empty();
        }
        Preemption best = null;
        int[] bestCost = null;
        for (Slot agent : agents) {
            List<Running> victims = victimsOn(pending, agent, running, spread);
            if (victims == null) {
                continue;
            }
            if (victims.isEmpty()) {
                return Optional.empty(); // it fits somewhere already: the next offer places it, nobody dies
            }
            int[] cost = {victims.size(), victims.stream().mapToInt(Running::priority).sum()};
            if (bestCost == null || cost[0] < bestCost[0] || cost[0] == bestCost[0] && cost[1] < bestCost[1]) {
                bestCost = cost;
                best = new Preemption(pending.demand().taskId(), agent.agentId(), agent.hostname(),
                        victims.stream().map(Running::taskId).toList());
            }
        }
        return Optional.ofNullable(best);
    }

    /** The fewest victims on this agent that make the task fit; null if even all of them do not. */
    private List<Running> victimsOn(Pending pending, Slot agent, List<Running> running, JobSpread spread) {
        List<Running> candidates = new ArrayList<>();
        for (Running task : running) {
            if (agent.agentId().equals(task.agentId()) && isVictim(pending, task)) {
                candidates.add(task);
            }
        }
        candidates.sort(Comparator.comparingInt(Running::priority)
                .thenComparing(Comparator.comparingDouble(Running::cpus).reversed())
                .thenComparing(Running::taskId));
        List<Running> chosen = new ArrayList<>();
        boolean fits = fits(pending.demand(), agent, chosen, spread);
        for (int i = 0; !fits && i < candidates.size(); i++) {
            chosen.add(candidates.get(i));
            fits = fits(pending.demand(), agent, chosen, spread);
        }
        if (!fits) {
            return null;
        }
        // prune: drop the highest-priority victims that turn out not to be needed
        for (int i = chosen.size() - 1; i >= 0; i--) {
            Running dropped = chosen.remove(i);
            if (!fits(pending.demand(), agent, chosen, spread)) {
                chosen.add(i, dropped);
            }
        }
        return chosen;
    }

    private static boolean isVictim(Pending pending, Running task) {
        return !task.production() && PREEMPTIBLE_TIERS.contains(task.tier()) && task.priority() < pending.priority()
                && !task.job().equals(pending.demand().job());
    }

    private boolean fits(Demand demand, Slot agent, List<Running> victims, JobSpread spread) {
        Slot freed = freed(agent, victims);
        for (FeasibilityCheck check : checks) {
            if (check.check(demand, freed, spread) != null) {
                return false;
            }
        }
        return true;
    }

    private static Slot freed(Slot agent, List<Running> victims) {
        double cpus = agent.cpus();
        double mem = agent.memMb();
        double disk = agent.diskMb();
        List<Slot.PortRange> ports = new ArrayList<>(agent.ports());
        for (Running victim : victims) {
            cpus += victim.cpus();
            mem += victim.memMb();
            disk += victim.diskMb();
            victim.ports().forEach(p -> ports.add(new Slot.PortRange(p, p)));
        }
        return new Slot(agent.offerId(), agent.agentId(), agent.hostname(), agent.attributes(), cpus, mem, disk,
                List.copyOf(ports), agent.mode());
    }
}
