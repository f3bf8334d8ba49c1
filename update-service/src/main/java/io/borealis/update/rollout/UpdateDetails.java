package io.borealis.update.rollout;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.UpdateSettings;
import io.borealis.update.lifecycle.Direction;
import io.borealis.update.lifecycle.InstanceAction;
import io.borealis.update.lifecycle.UpdateKind;
import io.borealis.update.lifecycle.UpdateStatus;
import io.borealis.update.strategy.Step;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One update with its settings and full history. */
public record UpdateDetails(
        UUID id,
        UpdateKind kind,
        JobKey job,
        UpdateStatus status,
        UpdateSettings settings,
        String message,
        Instant createdAt,
        Instant updatedAt,
        String targetVersion,
        Counts counts,
        String blockedBy,
        List<Instance> instances,
        List<Event> events) {

    /** Progress in the current direction: finished well, failed, not finished. */
    public record Counts(long updated, long failed, long remaining) {
    }

    /**
     * One touched instance: its versions each way, its step each way ({@code back} null unless rolled
     * back) and the failures counted in its current step.
     */
    public record Instance(int instance, String fromVersion, String toVersion, Step forward, Step back,
            int failures) {
    }

    /** A status change ({@code status} set) or an instance action ({@code action} and {@code instance} set). */
    public record Event(Instant at, UpdateStatus status, InstanceAction action, Integer instance, String message,
            String actor) {

        static Event of(JobUpdateEvent event) {
            return new Event(event.occurredAt(), event.status(), event.action(), event.instance(), event.message(),
                    event.actor());
        }
    }

    /** Paused and awaiting a pulse are known at once; anything else is what the engine last found. */
    private static String blockedBy(JobUpdate update) {
        UpdateStatus status = update.status();
        if (status.isTerminal()) {
            return null;
        }
        if (status == UpdateStatus.ROLL_FORWARD_PAUSED || status == UpdateStatus.ROLL_BACK_PAUSED) {
            return update.blockedBy() != null && update.blockedBy().startsWith("paused") ? update.blockedBy() : "paused";
        }
        if (status == UpdateStatus.ROLL_FORWARD_AWAITING_PULSE || status == UpdateStatus.ROLL_BACK_AWAITING_PULSE) {
            return "awaiting a pulse";
        }
        return update.blockedBy();
    }

    static UpdateDetails of(JobUpdate update, List<UpdateInstance> instances, List<JobUpdateEvent> events) {
        Direction direction = Direction.of(update.status());
        List<Step> steps = instances.stream().map(i -> i.state()).filter(i -> i.step(direction) != null)
                .map(i -> i.step(direction)).toList();
        Counts counts = new Counts(steps.stream().filter(s -> s == Step.SUCCEEDED).count(),
                steps.stream().filter(s -> s == Step.FAILED).count(),
                steps.stream().filter(s -> !s.isFinished()).count());
        return new UpdateDetails(update.id(), update.kind(), update.job(), update.status(), update.settings(), update.message(),
                update.createdAt(), update.updatedAt(), update.targetVersion(), counts,
                blockedBy(update),
                instances.stream().map(i -> new Instance(i.instance(), i.fromVersion(), i.toVersion(), i.forwardStep(),
                        i.backStep(), i.state().failures())).toList(),
                events.stream().map(Event::of).toList());
    }
}
