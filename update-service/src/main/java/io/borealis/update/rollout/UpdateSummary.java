package io.borealis.update.rollout;

import io.borealis.api.job.JobKey;
import io.borealis.update.lifecycle.UpdateKind;
import io.borealis.update.lifecycle.UpdateStatus;
import java.time.Instant;
import java.util.UUID;

/** One line of the update list. */
public record UpdateSummary(
        UUID id,
        UpdateKind kind,
        JobKey job,
        UpdateStatus status,
        String message,
        Instant createdAt,
        Instant updatedAt) {

    static UpdateSummary of(JobUpdate update) {
        return new UpdateSummary(update.id(), update.kind(), update.job(), update.status(), update.message(),
                update.createdAt(), update.updatedAt());
    }
}
