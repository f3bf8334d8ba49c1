package io.borealis.api.task;

import io.borealis.api.job.JobKey;
import java.time.Instant;

/**
 * One committed step of a task's history as {@code GET /api/v1/tasks/events} streams it (the SSE
 * {@code data}; the SSE {@code id} is {@code id} and the event name is {@code status}). {@code id}
 * grows monotonically in commit order, so a client resuming with Last-Event-ID misses nothing. A
 * health change is an event with the task's unchanged status and a message saying so.
 */
public record TaskChangeEvent(
        long id,
        String taskId,
        JobKey job,
        int instance,
        String configVersion,
        TaskStatus status,
        Instant time,
        String message,
        String source) {
}
