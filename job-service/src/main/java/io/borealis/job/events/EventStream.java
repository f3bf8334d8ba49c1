package io.borealis.job.events;

import io.borealis.api.event.ChangeEvent;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Limit;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes outbox events to SSE subscribers. One thread does all the sending: every poll interval it
 * reads the newest id and, for each subscriber behind it, sends the events after that subscriber's
 * cursor (replay and live delivery are the same loop). Idle streams get a heartbeat comment.
 */
@Component
class EventStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    private final OutboxEvents events;
    private final EventsProperties properties;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService executor;

    EventStream(OutboxEvents events, EventsProperties properties) {
        this.events = events;
        this.properties = properties;
    }

    /** A stream of the events after {@code after}; null means "only events from now on". */
    SseEmitter subscribe(Long after) {
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Subscriber subscriber = new Subscriber(emitter, after == null ? events.newestId() : after);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(e -> subscribers.remove(subscriber));
        subscribers.add(subscriber);
        ScheduledExecutorService running = executor;
        if (running == null) {
            emitter.complete();
            return emitter;
        }
        running.execute(() -> {
            // commits the response headers at once, so a client knows it is subscribed
            if (send(subscriber, SseEmitter.event().comment("subscribed after " + subscriber.cursor))) {
                deliver(subscriber);
            }
        });
        return emitter;
    }

    int subscriberCount() {
        return subscribers.size();
    }

    private void poll() {
        try {
            if (subscribers.isEmpty()) {
                return;
            }
            long newest = events.newestId();
            long now = System.nanoTime();
            for (Subscriber subscriber : subscribers) {
                if (subscriber.cursor < newest) {
                    deliver(subscriber);
                } else if (now - subscriber.lastSentNanos >= properties.heartbeat().toNanos()) {
                    send(subscriber, SseEmitter.event().comment("heartbeat"));
                }
            }
        } catch (RuntimeException e) {
            // the database may be briefly unavailable: keep the poller alive and retry next tick
            log.warn("event stream poll failed: {}", e.toString());
        }
    }

    private void deliver(Subscriber subscriber) {
        List<OutboxEvent> batch;
        do {
            batch = events.findByIdGreaterThanOrderByIdAsc(subscriber.cursor, Limit.of(properties.batchSize()));
            for (OutboxEvent row : batch) {
                ChangeEvent event = row.toChangeEvent();
                SseEmitter.SseEventBuilder sse = SseEmitter.event()
                        .id(Long.toString(event.id()))
                        .name(event.type())
                        .data(event, MediaType.APPLICATION_JSON);
                if (!send(subscriber, sse)) {
                    return;
                }
                subscriber.cursor = event.id();
            }
        } while (batch.size() == properties.batchSize());
    }

    /** Sends one SSE frame; a client that went away is dropped. */
    private boolean send(Subscriber subscriber, SseEmitter.SseEventBuilder event) {
        try {
            subscriber.emitter.send(event);
            subscriber.lastSentNanos = System.nanoTime();
            return true;
        } catch (IOException | IllegalStateException e) {
            subscribers.remove(subscriber);
            subscriber.emitter.completeWithError(e);
            return false;
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "job-events");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.pollInterval().toMillis();
        started.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
        }
        subscribers.forEach(s -> s.emitter.complete());
        subscribers.clear();
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Only the sending thread touches {@code cursor} and {@code lastSentNanos} after subscription. */
    private static final class Subscriber {
        final SseEmitter emitter;
        volatile long cursor;
        volatile long lastSentNanos = System.nanoTime();

        Subscriber(SseEmitter emitter, long cursor) {
            this.emitter = emitter;
            this.cursor = cursor;
        }
    }
}
