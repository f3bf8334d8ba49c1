package io.borealis.update.lifecycle;

import io.borealis.api.task.TaskEventView;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Judges one in-flight instance from the tasks the scheduler reports for it.
 *
 * <p>Updated: a task of the target version has been RUNNING (and healthy, when the target config
 * has a health check) for {@code watch}. A failure: a target-version task created since the step
 * started that reached a terminal state, or a live one reported unhealthy; failures are counted
 * from what is observed, never below what was recorded, so a restart of this service loses none.
 * Failed: more failures than {@code maxPerInstanceFailures}. A removal (target {@code null})
 * succeeds once the instance has no live task.
 */
public final class InstanceWatch {

    private final Duration watch;
    private final int maxPerInstanceFailures;

    public InstanceWatch(Duration watch, int maxPerInstanceFailures) {
        this.watch = watch;
        this.maxPerInstanceFailures = maxPerInstanceFailures;
    }

    /**
     * @param target        the config version the instance must run, null if it is being removed
     * @param healthChecked whether the target config has a health check
     * @param stepStarted   when this instance's step started
     * @param recorded      failures already recorded for this step
     * @param tasks         every task the scheduler reports for this instance
     */
    public Verdict judge(int instance, String target, boolean healthChecked, Instant stepStarted, int recorded,
            List<TaskView> tasks, Instant now) {
        return judge(instance, target, healthChecked, stepStarted, recorded, null, tasks, now);
    }

    /**
     * As above, for a step that replaces {@code replacedTask} by a new task of the same version (a
     * restart): that task never counts, neither as the target nor as a failure.
     */
    public Verdict judge(int instance, String target, boolean healthChecked, Instant stepStarted, int recorded,
            String replacedTask, List<TaskView> tasks, Instant now) {
        if (target == null) {
            boolean live = tasks.stream().anyMatch(t -> !t.status().isTerminal());
            return live ? new Verdict.Watching(recorded, "instance " + instance + ": waiting for its task to stop")
                    : new Verdict.Succeeded(recorded);
        }
        List<TaskView> ofTarget = tasks.stream().filter(t -> target.equals(t.configVersion()))
                .filter(t -> !t.taskId().equals(replacedTask)).toList();
        // only tasks created since the step started: an older task of this version (killed when the
        // instance moved away from it, before a rollback) is no failure of this step
        Instant since = stepStarted;
        long observed = ofTarget.stream()
                .filter(t -> t.status().isTerminal() || Boolean.FALSE.equals(t.healthy()))
                .filter(t -> !created(t).isBefore(since))
                .count();
        int failures = (int) Math.max(recorded, observed);
        if (failures > maxPerInstanceFailures) {
            return new Verdict.Failed(failures, "instance " + instance + ": " + failures
                    + " failed task(s) of " + target + ", " + maxPerInstanceFailures + " allowed");
        }
        TaskView live = ofTarget.stream().filter(t -> !t.status().isTerminal())
                .max(Comparator.comparing(InstanceWatch::created)).orElse(null);
        if (live == null) {
            return new Verdict.Watching(failures, "instance " + instance + ": waiting for a task of " + target);
        }
        if (live.status() != TaskStatus.RUNNING) {
            return new Verdict.Watching(failures, "instance " + instance + ": task " + live.taskId() + " is "
                    + live.status() + pendingReasons(live));
        }
        if (healthChecked && !Boolean.TRUE.equals(live.healthy())) {
            return new Verdict.Watching(failures, "waiting for instance " + instance + " to become healthy");
        }
        Instant running = runningSince(live, stepStarted);
        Duration left = watch.minus(Duration.between(running, now));
        if (!left.isNegative() && !left.isZero()) {
            return new Verdict.Watching(failures, "instance " + instance + ": watching for "
                    + Math.max(1, left.toSeconds()) + "s more", running.plus(watch));
        }
        return new Verdict.Succeeded(failures);
    }

    /**
     * Whether a task reaching {@code status} can change an instance's verdict: it ended (a failure,
     * or the end of a removal) or it runs (its watch starts; a health change is recorded with the
     * status the task has, RUNNING). The other statuses only change what the instance waits for.
     */
    public static boolean canChangeVerdict(TaskStatus status) {
        return status.isTerminal() || status == TaskStatus.RUNNING;
    }

    private static String pendingReasons(TaskView task) {
        if (task.pendingReasons() == null || task.pendingReasons().isEmpty()) {
            return "";
        }
        return " (" + String.join(", ", task.pendingReasons().stream()
                .map(r -> r.reason() + " on " + r.agents() + " agent(s)").toList()) + ")";
    }

    /** When the task appeared: its first event; a task without events counts as new. */
    public static Instant created(TaskView task) {
        return events(task).stream().map(TaskEventView::time).filter(t -> t != null)
                .min(Comparator.naturalOrder()).orElse(Instant.MAX);
    }

    /** The last time the task became RUNNING; if the scheduler reports no such event, since the step started. */
    private static Instant runningSince(TaskView task, Instant stepStarted) {
        return events(task).stream().filter(e -> e.status() == TaskStatus.RUNNING && e.time() != null)
                .map(TaskEventView::time).max(Comparator.naturalOrder()).orElse(stepStarted);
    }

    private static List<TaskEventView> events(TaskView task) {
        return task.events() == null ? List.of() : task.events();
    }
}
