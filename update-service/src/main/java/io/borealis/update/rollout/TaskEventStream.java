package io.borealis.update.rollout;

import io.borealis.api.event.EventStreamClient;
import io.borealis.api.task.TaskChangeEvent;
import io.borealis.update.gateway.GatewayProperties;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows the scheduler's task events ({@code GET {gateway}/api/v1/tasks/events}, SSE) only to wake
 * the driver early: a task of a job under update that ends or runs gets that update advanced at
 * once instead of at the next tick. Reconnects with Last-Event-ID. Missing events is harmless: the
 * tick still advances every update, so correctness never depends on them.
 */
@Component
class TaskEventStream implements SmartLifecycle, EventStreamClient.Listener {

    private static final Logger log = LoggerFactory.getLogger(TaskEventStream.class);

    private final UpdateDriver driver;
    private final GatewayProperties gateway;
    private final RolloutProperties properties;
    private final JsonMapper json;
    private volatile EventStreamClient stream;
    /** Whether the stream being down was logged (once per outage; only touched on the stream's thread). */
    private boolean warned;

    TaskEventStream(UpdateDriver driver, GatewayProperties gateway, RolloutProperties properties, JsonMapper json) {
        this.driver = driver;
        this.gateway = gateway;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public synchronized void start() {
        String base = gateway.url().toString();
        URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/tasks/events");
        EventStreamClient started = new EventStreamClient("task-events", uri, null, properties.taskEventsRetry(), this);
        stream = started;
        started.start();
    }

    @Override
    public synchronized void stop() {
        EventStreamClient running = stream;
        stream = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean isRunning() {
        return stream != null;
    }

    @Override
    public void connected() {
        if (warned) {
            log.info("Task event stream is back");
        }
        warned = false;
    }

    @Override
    public void event(EventStreamClient.Event event) {
        TaskChangeEvent change;
        try {
            change = json.readValue(event.data(), TaskChangeEvent.class);
        } catch (JacksonException e) {
            log.debug("task event {} not understood: {}", event.id(), e.getMessage());
            return;
        }
        driver.taskChanged(change);
    }

    @Override
    public void unavailable(Exception cause) {
        if (!warned) {
            log.info("Task event stream unavailable ({}); failures are noticed at the tick until it returns",
                    cause.toString());
            warned = true;
        }
    }
}
