package io.borealis.scheduler.task;

import io.borealis.api.task.TaskStatus;
import java.time.Duration;

/**
 * When an instance is flapping and how long its replacement waits THROTTLED (Aurora's
 * RescheduleCalculator): a task that FAILED or FINISHED less than {@code threshold} after it started
 * running (or never ran) gets a replacement delayed by {@code initial}, then twice the previous delay
 * on every further quick death, up to {@code max}. A task that ran long enough resets the delay.
 * Killed and lost tasks are not the task's fault and never throttle. Plain Java.
 */
public record FlappingPolicy(Duration threshold, Duration initial, Duration max) {

    /** Never throttles. */
    public static final FlappingPolicy NONE = new FlappingPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** How long the replacement of {@code previous} (same config) must wait; zero: PENDING at once. */
    public Duration delayAfter(InstancePlanner.TaskFacts previous) {
        if (previous.status() != TaskStatus.FAILED && previous.status() != TaskStatus.FINISHED) {
            return Duration.ZERO;
        }
        if (!ranLessThanThreshold(previous)) {
            return Duration.ZERO;
        }
        Duration last = previous.throttlePenalty();
        Duration next = last.isZero() ? initial : last.multipliedBy(2);
        return next.compareTo(max) > 0 ? max : next;
    }

    /** How long the task ran: from its first RUNNING to its end; zero if it never ran. */
    public static Duration ran(InstancePlanner.TaskFacts task) {
        if (task.startedAt() == null || task.endedAt() == null || task.endedAt().isBefore(task.startedAt())) {
            return Duration.ZERO;
        }
        return Duration.between(task.startedAt(), task.endedAt());
    }

    private boolean ranLessThanThreshold(InstancePlanner.TaskFacts task) {
        return ran(task).compareTo(threshold) < 0;
    }
}
