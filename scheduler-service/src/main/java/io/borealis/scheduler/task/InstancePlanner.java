package io.borealis.scheduler.task;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import io.borealis.api.job.JobView;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Desired state vs actual state → what to do, as data. For every desired instance exactly one
 * non-terminal task running the desired config version; everything else is killed. Plain Java.
 */
public final class InstancePlanner {

    /**
     * What the planner needs to know of a task. {@code startedAt}: its first RUNNING (null if never);
     * {@code endedAt}: its last change (its end, once terminal); {@code throttlePenalty}: how long it
     * waited THROTTLED.
     */
    public record TaskFacts(String taskId, JobKey job, int instance, String configVersion, TaskStatus status,
                            int failureCount, Instant startedAt, Instant endedAt, Duration throttlePenalty) {

        /** A task with no timing (it never ran, was never throttled). */
        public TaskFacts(String taskId, JobKey job, int instance, String configVersion, TaskStatus status, int failureCount) {
            this(taskId, job, instance, configVersion, status, failureCount, null, null, Duration.ZERO);
        }
    }

    /** A decision. */
    public sealed interface Action {
        /**
         * Create a task; {@code ancestorId} is the task it replaces (null for a first task). It is
         * PENDING, or THROTTLED for {@code throttle} when the instance is flapping.
         */
        record Create(JobKey job, int instance, String configVersion, TaskConfig config, String ancestorId,
                      int failureCount, String why, Duration throttle) implements Action {

            Create(JobKey job, int instance, String configVersion, TaskConfig config, String ancestorId,
                   int failureCount, String why) {
                this(job, instance, configVersion, config, ancestorId, failureCount, why, Duration.ZERO);
            }
        }

        record Kill(String taskId, String why) implements Action {
        }
    }

    private record InstanceKey(JobKey job, int instance) {
    }

    private final FlappingPolicy flapping;

    /** A planner that never throttles. */
    public InstancePlanner() {
        this(FlappingPolicy.NONE);
    }

    public InstancePlanner(FlappingPolicy flapping) {
        this.flapping = flapping;
    }

    /**
     * @param jobs the desired jobs
     * @param live every non-terminal task
     * @param newest the newest task of each instance (terminal or not)
     */
    public List<Action> plan(List<JobView> jobs, List<TaskFacts> live, List<TaskFacts> newest) {
        Map<InstanceKey, List<TaskFacts>> liveByInstance = new HashMap<>();
        live.forEach(t -> liveByInstance.computeIfAbsent(new InstanceKey(t.job(), t.instance()), k -> new ArrayList<>()).add(t));
        Map<InstanceKey, TaskFacts> newestByInstance = new HashMap<>();
        newest.forEach(t -> newestByInstance.put(new InstanceKey(t.job(), t.instance()), t));

        List<Action> actions = new ArrayList<>();
        Set<InstanceKey> desired = new HashSet<>();
        for (JobView job : jobs) {
            for (Map.Entry<Integer, String> entry : job.instances().entrySet()) {
                InstanceKey key = new InstanceKey(job.key(), entry.getKey());
                TaskConfig config = job.configs().get(entry.getValue());
                if (config == null) {
                    continue; // an inconsistent read: act on this instance next time
                }
                desired.add(key);
                List<TaskFacts> tasks = liveByInstance.getOrDefault(key, List.of());
                if (tasks.isEmpty()) {
                    replacement(job.kind(), key, entry.getValue(), config, newestByInstance.get(key), actions);
                } else {
                    keepOne(tasks, entry.getValue(), actions);
                }
            }
        }
        for (TaskFacts task : live) {
            if (!desired.contains(new InstanceKey(task.job(), task.instance())) && !TaskLifecycle.isKillRequested(task.status())) {
                actions.add(new Action.Kill(task.taskId(), "instance no longer desired"));
            }
        }
        return actions;
    }

    private void replacement(JobKind kind, InstanceKey key, String version, TaskConfig config, TaskFacts previous,
                                    List<Action> actions) {
        if (previous == null) {
            actions.add(new Action.Create(key.job(), key.instance(), version, config, null, 0, "new instance"));
            return;
        }
        if (!previous.configVersion().equals(version)) {
            actions.add(new Action.Create(key.job(), key.instance(), version, config, previous.taskId(), 0,
                    "config version " + version + " replaces " + previous.configVersion()));
            return;
        }
        if (kind != JobKind.SERVICE && !retries(previous, config)) {
            return;
        }
        Duration throttle = flapping.delayAfter(previous);
        String why = "replaces " + previous.taskId() + " (" + previous.status() + ")";
        if (!throttle.isZero()) {
            why += "; flapping: it ran " + FlappingPolicy.ran(previous).toMillis() + " ms (< " + flapping.threshold()
                    + "), throttled for " + throttle;
        }
        actions.add(new Action.Create(key.job(), key.instance(), version, config, previous.taskId(),
                previous.failureCount(), why, throttle));
    }

    /** BATCH and CRON: done after FINISHED, retried after FAILED up to maxTaskFailures (-1: forever). */
    private static boolean retries(TaskFacts previous, TaskConfig config) {
        if (previous.status() == TaskStatus.FINISHED) {
            return false;
        }
        if (previous.status() != TaskStatus.FAILED) {
            return true;
        }
        int max = config.maxTaskFailures() == null ? 1 : config.maxTaskFailures();
        return max < 0 || previous.failureCount() < max;
    }

    private static void keepOne(List<TaskFacts> tasks, String version, List<Action> actions) {
        List<TaskFacts> keepers = new ArrayList<>();
        for (TaskFacts task : tasks) {
            if (TaskLifecycle.isKillRequested(task.status())) {
                continue;
            }
            if (!task.configVersion().equals(version)) {
                actions.add(new Action.Kill(task.taskId(), "config version changed to " + version));
            } else {
                keepers.add(task);
            }
        }
        // more than one (should not happen): keep the one furthest along, kill the rest
        keepers.sort(Comparator.comparingInt((TaskFacts t) -> progress(t.status())).reversed());
        for (TaskFacts extra : keepers.subList(Math.min(1, keepers.size()), keepers.size())) {
            actions.add(new Action.Kill(extra.taskId(), "duplicate task for the instance"));
        }
    }

    private static int progress(TaskStatus status) {
        return switch (status) {
            case RUNNING -> 4;
            case STARTING, PARTITIONED -> 3;
            case ASSIGNED -> 2;
            default -> 1;
        };
    }
}
