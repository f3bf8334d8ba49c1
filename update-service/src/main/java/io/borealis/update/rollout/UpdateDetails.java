package io.borealis.update.rollout;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.UpdateSettings;
import io.borealis.update.lifecycle.InstanceAction;
import io.borealis.update.lifecycle.UpdateStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One update with its settings and full history. */
public record UpdateDetails(
        UUID id,
        JobKey job,
        UpdateStatus status,
        UpdateSettings settings,
        String message,
        Instant createdAt,
        Instant updatedAt,
        List<Event> events) {

    /** A status change ({@code status} set) or an instance action ({@code action} and {@code instance} set). */
    public record Event(Instant at, UpdateStatus status, InstanceAction action, Integer instance, String message) {

        static Event of(JobUpdateEvent event) {
            return new Event(event.occurredAt(), event.status(), event.action(), event.instance(), event.message());
        }
    }

    static UpdateDetails of(JobUpdate update, List<JobUpdateEvent> events) {
        return new UpdateDetails(update.id(), update.job(), update.status(), update.settings(), update.message(),
                update.createdAt(), update.updatedAt(), events.stream().map(Event::of).toList());
    }
}
