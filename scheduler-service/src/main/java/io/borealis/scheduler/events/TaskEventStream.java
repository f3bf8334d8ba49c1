package io.borealis.scheduler.events;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskChangeEvent;
import io.borealis.scheduler.concurrent.Daemons;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes committed task events to SSE subscribers, as job-service's EventStream does with its
 * outbox. One thread does all the sending: every poll interval it reads the newest id and, for each
 * subscriber behind it, sends the events after that subscriber's cursor up to that id (replay and
 * live delivery are the same loop). Idle streams get a heartbeat comment.
 */
@Component
class TaskEventStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskEventStream.class);

    private final TaskChanges changes;
    private final EventsProperties properties;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService executor;

    TaskEventStream(TaskChanges changes, EventsProperties properties) {
        this.changes = changes;
        this.properties = properties;
    }

    /** A stream of the events after {@code after} (null: only events from now on), of {@code job} only unless it is null. */
    SseEmitter subscribe(Long after, JobKey job) {
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Subscriber subscriber = new Subscriber(emitter, job, after == null ? changes.newestId() : after);
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
                deliver(subscriber, changes.newestId());
            }
        });
        return emitter;
    }

    private void poll() {
        try {
            if (subscribers.isEmpty()) {
                return;
            }
            long newest = changes.newestId();
            long now = System.nanoTime();
            for (Subscriber subscriber : subscribers) {
                if (subscriber.cursor < newest) {
                    deliver(subscriber, newest);
                }
                if (now - subscriber.lastSentNanos >= properties.heartbeat().toNanos()) {
                    send(subscriber, SseEmitter.event().comment("heartbeat"));
                }
            }
        } catch (RuntimeException e) {
            // the database may be briefly unavailable: keep the poller alive and retry next tick
            log.warn("task event stream poll failed: {}", e.toString());
        }
    }

    /**
     * Sends the subscriber's events up to {@code newest}. Every id up to it that will ever commit
     * has committed (ids commit in order), so afterwards the cursor moves to {@code newest} even when
     * nothing of a filtered subscriber's job was among them: the next poll does not scan them again.
     */
    private void deliver(Subscriber subscriber, long newest) {
        List<TaskChangeEvent> batch;
        do {
            batch = changes.between(subscriber.cursor, newest, subscriber.job, properties.batchSize());
            for (TaskChangeEvent event : batch) {
                SseEmitter.SseEventBuilder sse = SseEmitter.event()
                        .id(Long.toString(event.id()))
                        .name(event.status().name())
                        .data(event, MediaType.APPLICATION_JSON);
                if (!send(subscriber, sse)) {
                    return;
                }
                subscriber.cursor = event.id();
            }
        } while (batch.size() == properties.batchSize());
        subscriber.cursor = Math.max(subscriber.cursor, newest);
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
        ScheduledExecutorService started = Daemons.scheduler("task-events");
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
        final JobKey job;
        volatile long cursor;
        volatile long lastSentNanos = System.nanoTime();

        Subscriber(SseEmitter emitter, JobKey job, long cursor) {
            this.emitter = emitter;
            this.job = job;
            this.cursor = cursor;
        }
    }
}
