package io.borealis.scheduler.task;

import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.mesos.TaskRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Tasks stuck in a transient state (as Aurora's transient-state timeout): a task ASSIGNED longer than
 * {@code assignedTimeout}, or STARTING, KILLING, RESTARTING, PREEMPTING or DRAINING longer than
 * {@code transientTimeout} (kill states: plus the task's kill grace period), is first asked about
 * (explicit reconciliation), since Mesos may know better. Only if its state still has not changed
 * one more timeout after the question, and no received update waits to be applied, is it judged
 * lost. So a task whose updates are merely queued (in Mesos or here) is never declared LOST. Plain
 * Java; the caller acts. Not thread-safe: one round at a time.
 */
final class TransientTimeouts {

    /** What a round decided: tasks to ask Mesos about, tasks to declare LOST (with why). */
    record Verdict(List<TaskRef> ask, Map<Task, String> lost) {
    }

    private final Duration assignedTimeout;
    private final Duration transientTimeout;
    /** Overdue tasks already asked about, and when. */
    private final Map<String, Instant> askedAbout = new HashMap<>();

    TransientTimeouts(Duration assignedTimeout, Duration transientTimeout) {
        this.assignedTimeout = assignedTimeout;
        this.transientTimeout = transientTimeout;
    }

    /** How long a task may stay in {@code status} (null if the state is not transient). */
    Duration timeoutOf(TaskStatus status, int killGraceSecs) {
        return switch (status) {
            case ASSIGNED -> assignedTimeout;
            case STARTING -> transientTimeout;
            case KILLING, RESTARTING, PREEMPTING, DRAINING -> transientTimeout.plusSeconds(Math.max(0, killGraceSecs));
            default -> null;
        };
    }

    /**
     * One round over every non-terminal task.
     *
     * @param noUpdateWaiting whether every received status update has been applied
     * @param killGraceSecs a task's kill grace period in seconds
     */
    Verdict check(Collection<Task> live, Instant now, boolean noUpdateWaiting, ToIntFunction<Task> killGraceSecs) {
        List<TaskRef> ask = new ArrayList<>();
        Map<Task, String> lost = new HashMap<>();
        Set<String> overdue = new HashSet<>();
        for (Task task : live) {
            Duration timeout = timeoutOf(task.status(), TaskLifecycle.isKillRequested(task.status())
                    ? killGraceSecs.applyAsInt(task) : 0);
            if (timeout == null || !task.updatedAt().isBefore(now.minus(timeout))) {
                continue;
            }
            overdue.add(task.taskId());
            Instant asked = askedAbout.get(task.taskId());
            if (asked == null) {
                askedAbout.put(task.taskId(), now);
                ask.add(new TaskRef(task.taskId(), task.agentId()));
            } else if (asked.isBefore(now.minus(timeout)) && noUpdateWaiting) {
                lost.put(task, "stuck " + task.status() + " for over " + timeout
                        + " with no change from Mesos, nor after reconciliation");
            }
        }
        askedAbout.keySet().retainAll(overdue);
        lost.keySet().forEach(task -> askedAbout.remove(task.taskId()));
        return new Verdict(ask, lost);
    }
}
