package io.borealis.cluster.master;

import io.borealis.cluster.protocol.RecordIo;
import io.borealis.cluster.protocol.WireFormat;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * One SUBSCRIBE connection: a queue of events and the single thread that writes them to the
 * HTTP response as RecordIO. The master only enqueues, so it never waits on a slow scheduler.
 */
final class Subscription {

    private static final Object END = new Object();

    private final String streamId = UUID.randomUUID().toString();
    private final String frameworkId;
    private final WireFormat format;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile boolean ended;
    private ScheduledFuture<?> heartbeat;

    Subscription(String frameworkId, WireFormat format) {
        this.frameworkId = frameworkId;
        this.format = format;
    }

    String streamId() {
        return streamId;
    }

    String frameworkId() {
        return frameworkId;
    }

    WireFormat format() {
        return format;
    }

    void send(Event event) {
        if (!ended) {
            queue.add(event);
        }
    }

    /** Ends the stream after the events already queued. */
    void end() {
        if (!ended) {
            ended = true;
            queue.add(END);
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }

    boolean ended() {
        return ended;
    }

    void heartbeat(ScheduledFuture<?> future) {
        this.heartbeat = future;
    }

    /** Where a subscription's bytes go: the HTTP response. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] bytes) throws IOException;
    }

    /**
     * Writes events until {@link #end()}, on the subscription's own thread: each batch of queued
     * events is framed as RecordIO and written (and flushed) at once. Throws when the scheduler
     * has gone away.
     */
    void pump(Sink sink) throws IOException {
        List<Object> batch = new ArrayList<>();
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch);
                boolean last = false;
                for (Object item : batch) {
                    if (item == END) {
                        last = true;
                        break;
                    }
                    frames.write(RecordIo.frame(format.encode((Event) item)));
                }
                if (frames.size() > 0) {
                    sink.write(frames.toByteArray());
                }
                if (last) {
                    return;
                }
                frames.reset();
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("subscription writer interrupted", e);
        }
    }
}
