package io.borealis.update.events;

import io.borealis.api.event.EventFeed;
import io.borealis.api.update.UpdateChangeEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes committed update events to SSE subscribers: an {@link EventFeed} over {@link UpdateChanges}
 * (the SSE id is the event id, the event name its status or instance action).
 */
@Component
class UpdateEventStream implements SmartLifecycle {

    private final EventFeed<UpdateChangeEvent, UpdateChanges.Filter> feed;
    private final EventsProperties properties;

    UpdateEventStream(UpdateChanges changes, EventsProperties properties) {
        this.properties = properties;
        this.feed = new EventFeed<>("update-events", changes, UpdateChangeEvent::id, UpdateChangeEvent::name,
                new EventFeed.Settings(properties.pollInterval(), properties.heartbeat(), properties.batchSize()));
    }

    /** The events after {@code after} (null: only those from now on) that pass {@code filter}. */
    SseEmitter subscribe(Long after, UpdateChanges.Filter filter) {
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Runnable cancel = feed.subscribe(EventFeed.Sink.of(
                (id, name, data) -> emitter.send(SseEmitter.event().id(Long.toString(id)).name(name)
                        .data(data, MediaType.APPLICATION_JSON)),
                text -> emitter.send(SseEmitter.event().comment(text)), emitter::complete, emitter::completeWithError), after, filter);
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
