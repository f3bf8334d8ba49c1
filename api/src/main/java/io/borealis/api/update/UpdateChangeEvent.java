package io.borealis.api.update;

import io.borealis.api.job.JobKey;
import java.time.Instant;

/**
 * One committed step of a job update's history as {@code GET /api/v1/updates/events} streams it (the
 * SSE {@code data}; the SSE {@code id} is {@code id}, the event name is {@code status} or {@code action}).
 * Either {@code status} is set (the update changed status, e.g. ROLLING_FORWARD, ROLLED_BACK) or
 * {@code action} and {@code instance} are (a step on one instance, e.g. INSTANCE_UPDATED).
 * {@code id} grows monotonically in commit order, so a client resuming with Last-Event-ID misses
 * nothing. {@code actor} is who asked for a verb (pause, abort...), null for the engine's own steps.
 */
public record UpdateChangeEvent(
        long id,
        String updateId,
        JobKey job,
        Instant at,
        String status,
        String action,
        Integer instance,
        String message,
        String actor) {

    /** The SSE event name: the status, or the instance action. */
    public String name() {
        return status != null ? status : action;
    }
}
