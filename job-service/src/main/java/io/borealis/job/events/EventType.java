package io.borealis.job.events;

/** What happened to a job; the SSE {@code event} name and {@link io.borealis.api.event.ChangeEvent#type()}. */
public enum EventType {
    JOB_CREATED, JOB_DELETED, INSTANCES_ADDED, INSTANCES_KILLED
}
