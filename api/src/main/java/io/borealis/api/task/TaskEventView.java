package io.borealis.api.task;

import java.time.Instant;

/** One step of a task's history: when, which status, why, and who said so (scheduler, master, agent, executor, user). */
public record TaskEventView(Instant time, TaskStatus status, String message, String source) {
}
