package io.borealis.update.rollout;

import io.borealis.api.event.EventStreamClient;
import io.borealis.api.task.TaskChangeEvent;
import io.borealis.update.gateway.GatewayProperties;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows the scheduler's task events ({@code GET {gateway}/api/v1/tasks/events}, SSE) only to wake
 * the driver early: a task of a job under update that ends or runs gets that update advanced at
 * once instead of at the next tick. It follows while some update is active: the driver's round that
 * finds the first one opens the stream (waiting up to {@link #OPEN_WAIT} for it) before it observes
 * anything, so what happens after that observation arrives as events; a broken stream resumes with
 * Last-Event-ID. Missing events is harmless all the same: the tick still advances every update, so
 * correctness never depends on them.
 */
@Component
class TaskEventStream implements SmartLifecycle, EventStreamClient.Listener {

    private static final Logger log = LoggerFactory.getLogger(TaskEventStream.class);
    /** How long the round that finds the first active update waits for the stream to open (or fail). */
    static final Duration OPEN_WAIT = Duration.ofSeconds(1);

    private final UpdateDriver driver;
    private final GatewayProperties gateway;
    private final RolloutProperties properties;
    private final JsonMapper json;
    private boolean running;
    /** The stream followed now; null while no update is active. */
    private EventStreamClient stream;
    /** Counted down when the stream first opens or fails. */
    private volatile CountDownLatch opened = new CountDownLatch(0);
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
        running = true;
        driver.onActivity(this::follow);
    }

    /** Follows the stream while some update is active: no update, no cost to the scheduler. */
    private synchronized void follow(boolean active) {
        if (active && running && stream == null) {
            String base = gateway.url().toString();
            URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                    + "/api/v1/tasks/events");
            CountDownLatch opening = new CountDownLatch(1);
            opened = opening;
            stream = new EventStreamClient("task-events", uri, null, properties.taskEventsRetry(), this);
            stream.start();
            try {
                opening.await(OPEN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (!active && stream != null) {
            stream.close();
            stream = null;
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        follow(false);
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public void connected() {
        opened.countDown();
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
        opened.countDown();
        if (!warned) {
            log.info("Task event stream unavailable ({}); failures are noticed at the tick until it returns",
                    cause.toString());
            warned = true;
        }
    }
}
