package io.borealis.api.event;

import java.time.Instant;

/**
 * One entry of a service's resumable event stream (SSE): {@code id} grows monotonically, so a
 * client reconnecting with Last-Event-ID misses nothing. {@code subject} is what changed (a job
 * key, a task id, an update id) and {@code type} what happened to it (e.g. JOB_CREATED).
 */
public record ChangeEvent(long id, String type, String subject, Instant at, String detail) {
}
