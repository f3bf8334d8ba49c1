package io.borealis.scheduler.maintenance;

import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.task.TaskLifecycle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tasks on draining hosts to move now, and which draining hosts are empty (DRAINED). A job
 * may have at most {@code max(1, floor(share × instances))} instances down at once: an instance is
 * down when it has no RUNNING task, whatever the reason, so a drain never adds to an outage. Plain Java.
 */
final class DrainPlanner {

    /** A non-terminal task: its job ("role/env/name"), instance, status and host (null while unplaced). */
    record TaskFacts(String taskId, String job, int instance, TaskStatus status, String hostname) {
    }

    /** {@code drainNow}: task ids to kill (DRAINING) now; {@code drained}: draining hosts with no task left. */
    record Plan(List<String> drainNow, List<String> drained) {
    }

    private final double maxShareDown;

    DrainPlanner(double maxShareDown) {
        this.maxShareDown = maxShareDown;
    }

    /**
     * @param draining hosts in DRAINING mode
     * @param live every non-terminal task
     * @param desiredInstances job → desired instance count (jobs no longer desired are missing)
     */
    Plan plan(Set<String> draining, List<TaskFacts> live, Map<String, Integer> desiredInstances) {
        Map<String, Set<Integer>> running = new HashMap<>();
        Map<String, Set<Integer>> known = new HashMap<>();
        for (TaskFacts task : live) {
            known.computeIfAbsent(task.job(), j -> new HashSet<>()).add(task.instance());
            if (task.status() == TaskStatus.RUNNING) {
                running.computeIfAbsent(task.job(), j -> new HashSet<>()).add(task.instance());
            }
        }
        Map<String, Integer> budget = new HashMap<>();
        List<String> drainNow = new ArrayList<>();
        Set<String> busy = new HashSet<>();
        for (TaskFacts task : live) {
            if (task.hostname() == null || !draining.contains(task.hostname()) || !task.status().isActive()) {
                continue;
            }
            busy.add(task.hostname());
            if (task.status() != TaskStatus.RUNNING) {
                if (!TaskLifecycle.isKillRequested(task.status())) {
                    drainNow.add(task.taskId()); // not running: already down, moving it costs nothing
                }
                continue;
            }
            int left = budget.computeIfAbsent(task.job(), job -> allowance(job, desiredInstances, known, running));
            if (left > 0) {
                drainNow.add(task.taskId());
                budget.put(task.job(), left - 1);
            }
        }
        List<String> drained = draining.stream().filter(host -> !busy.contains(host)).sorted().toList();
        return new Plan(List.copyOf(drainNow), drained);
    }

    /** How many more instances of the job may go down now. */
    private int allowance(String job, Map<String, Integer> desiredInstances, Map<String, Set<Integer>> known,
                          Map<String, Set<Integer>> running) {
        int instances = desiredInstances.getOrDefault(job, known.getOrDefault(job, Set.of()).size());
        int up = running.getOrDefault(job, Set.of()).size();
        int down = Math.max(0, instances - up);
        int allowed = Math.max(1, (int) Math.floor(maxShareDown * instances + 1e-9));
        return allowed - down;
    }
}
