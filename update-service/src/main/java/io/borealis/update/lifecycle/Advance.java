package io.borealis.update.lifecycle;

import io.borealis.update.strategy.Step;
import java.time.Instant;
import java.util.List;

/**
 * One step of the {@link UpdateEngine}: what to record, then what to do. The application records
 * {@code changes}, the status change and the started instances in one transaction before it
 * touches any instance.
 *
 * @param transition     the status change, or null
 * @param reason         why the status changes (recorded with it), or null
 * @param start          instances to start now, as batch {@code batchesStarted}
 * @param progressed     an instance finished or started: the progress deadline starts over
 * @param blockedBy      why the update is not moving, or null
 * @param nextCheck      when the next in-flight instance's watch period ends (look again then), or null
 */
public record Advance(
        Transition.Allowed transition,
        String reason,
        List<InstanceChange> changes,
        List<Integer> start,
        int batchesStarted,
        int autoPausedBatch,
        boolean progressed,
        String blockedBy,
        Instant nextCheck) {

    public Advance {
        changes = List.copyOf(changes);
        start = List.copyOf(start);
    }

    /** A verdict on one in-flight instance; {@code action} is null when only its failure count grew. */
    public record InstanceChange(int instance, Step step, int failures, InstanceAction action, String message) {
    }
}
