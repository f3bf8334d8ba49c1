package io.borealis.job.events;

/** What happened to a job; the SSE {@code event} name and {@link io.borealis.api.event.ChangeEvent#type()}. */
public enum EventType {
    JOB_CREATED, JOB_DELETED, INSTANCES_ADDED, INSTANCES_KILLED,
    /** An update set one instance's config version (adding the instance if it was new). */
    INSTANCE_CONFIG_SET,
    /** An update removed one instance. */
    INSTANCE_REMOVED
}
