package io.borealis.scheduler.mesos;

/**
 * Told of every UPDATE event, on the subscription's reader thread, in the order they arrive. A plain
 * call rather than an application event: a takeover brings 100,000 reconciliation answers in seconds,
 * and the reader is their one thread. Implementations only record or queue; they must not block.
 */
public interface StatusUpdateListener {

    void onUpdate(StatusUpdate update);
}
