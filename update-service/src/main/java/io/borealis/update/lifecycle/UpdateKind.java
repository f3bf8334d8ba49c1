package io.borealis.update.lifecycle;

/**
 * What an update does to each instance it touches. Both run on the same engine with the same
 * settings; they differ in how an instance is moved and in what a failure leads to.
 */
public enum UpdateKind {
    /** Moves instances to a new config (or adds/removes them); a failure rolls back when asked to. */
    UPDATE,
    /**
     * Replaces instances' tasks with new ones of the same config (the scheduler's restart hook). A
     * failure ends FAILED: there is no older config to roll back to.
     */
    RESTART
}
