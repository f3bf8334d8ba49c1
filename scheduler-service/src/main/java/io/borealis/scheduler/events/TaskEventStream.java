package io.borealis.scheduler.events;

import io.borealis.api.event.EventFeed;
import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskChangeEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes committed task events to SSE subscribers: an {@link EventFeed} over {@link TaskChanges}
 * (the SSE id is the event id, the event name its status), filtered by job when asked.
 */
@Component
class TaskEventStream implements SmartLifecycle {

    private final EventFeed<TaskChangeEvent, JobKey> feed;
    private final EventsProperties properties;

    TaskEventStream(TaskChanges changes, EventsProperties properties) {
        this.properties = properties;
        this.feed = new EventFeed<>("task-events", changes, TaskChangeEvent::id, event -> event.status().name(),
                new EventFeed.Settings(properties.pollInterval(), properties.heartbeat(), properties.batchSize()));
    }

    /** A stream of the events after {@code after} (null: only events from now on), of {@code job} only unless it is null. */
    SseEmitter subscribe(Long after, JobKey job) {
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Runnable cancel = feed.subscribe(EventFeed.Sink.of(
                (id, name, data) -> emitter.send(SseEmitter.event().id(Long.toString(id)).name(name)
                        .data(data, MediaType.APPLICATION_JSON)),
                text -> emitter.send(SseEmitter.event().comment(text)), emitter::complete, emitter::completeWithError), after, job);
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
