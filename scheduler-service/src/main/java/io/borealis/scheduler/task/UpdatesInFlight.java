package io.borealis.scheduler.task;

import io.borealis.scheduler.mesos.StatusUpdate;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The status updates (with a uuid) received and not yet acknowledged, so that a copy the master sends
 * again meanwhile is dropped instead of being applied and acknowledged a second time. Mesos resends an
 * update until it is acknowledged; when acknowledgements lag (a burst, a takeover that inherits tens of
 * thousands of unacknowledged updates), every resend used to go through the whole path again and cost
 * an HTTP call. An update leaves once its acknowledgement was sent or given up (a later resend is then
 * handled as new). Thread-safe.
 */
final class UpdatesInFlight {

    private record Key(String taskId, ByteBuffer uuid) {
    }

    private final Set<Key> inFlight = ConcurrentHashMap.newKeySet();
    private final LongAdder dropped = new LongAdder();

    /** True if the update is to be handled: it has no uuid, or no copy of it is in flight. */
    boolean admit(StatusUpdate update) {
        if (!update.needsAck() || inFlight.add(key(update))) {
            return true;
        }
        dropped.increment();
        return false;
    }

    /** Its acknowledgement went out, or will not (the update was not applied): a copy is handled again. */
    void release(StatusUpdate update) {
        if (update.needsAck()) {
            inFlight.remove(key(update));
        }
    }

    int size() {
        return inFlight.size();
    }

    /** Copies dropped since start. */
    long dropped() {
        return dropped.sum();
    }

    private static Key key(StatusUpdate update) {
        return new Key(update.taskId(), ByteBuffer.wrap(update.uuid()));
    }
}
