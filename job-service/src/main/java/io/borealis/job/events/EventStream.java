package io.borealis.job.events;

import io.borealis.api.event.ChangeEvent;
import io.borealis.api.event.EventFeed;
import java.util.List;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Limit;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes outbox events to SSE subscribers: an {@link EventFeed} over the outbox table (the SSE id is
 * the event id, the event name its type). The outbox's writers take an advisory lock ({@link Outbox}),
 * so ids become visible in the order they are drawn, as the feed needs.
 */
@Component
class EventStream implements SmartLifecycle {

    private final EventFeed<ChangeEvent, Void> feed;
    private final EventsProperties properties;

    EventStream(OutboxEvents events, EventsProperties properties) {
        this.properties = properties;
        this.feed = new EventFeed<>("job-events", new EventFeed.Source<>() {
            @Override
            public long newestId() {
                return events.newestId();
            }

            @Override
            public List<ChangeEvent> between(long after, long upTo, Void all, int limit) {
                return events.findByIdGreaterThanAndIdLessThanEqualOrderByIdAsc(after, upTo, Limit.of(limit)).stream()
                        .map(OutboxEvent::toChangeEvent).toList();
            }
        }, ChangeEvent::id, ChangeEvent::type,
                new EventFeed.Settings(properties.pollInterval(), properties.heartbeat(), properties.batchSize()));
    }

    /** A stream of the events after {@code after}; null means "only events from now on". */
    SseEmitter subscribe(Long after) {
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Runnable cancel = feed.subscribe(EventFeed.Sink.of(
                (id, name, data) -> emitter.send(SseEmitter.event().id(Long.toString(id)).name(name)
                        .data(data, MediaType.APPLICATION_JSON)),
                text -> emitter.send(SseEmitter.event().comment(text)), emitter::complete, emitter::completeWithError),
                after, null);
        emitter.onCompletion(cancel);
        emitter.onTimeout(cancel);
        emitter.onError(e -> cancel.run());
        return emitter;
    }

    @Override
    public void start() {
        feed.start();
    }

    @Override
    public void stop() {
        feed.stop();
    }

    @Override
    public boolean isRunning() {
        return feed.isRunning();
    }
}
