package io.borealis.scheduler.desired;

import io.borealis.api.event.EventStreamClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Follows {@code GET {gateway}/api/v1/jobs/events} (SSE) only to wake the desired-state read early:
 * connecting and every event trigger a full re-read. Reconnects with Last-Event-ID; missing events
 * is harmless.
 */
@Component
class JobEventStream implements SmartLifecycle, EventStreamClient.Listener {

    private static final Logger log = LoggerFactory.getLogger(JobEventStream.class);

    private final DesiredStateClient client;
    private final DesiredStateCache cache;
    private final DesiredStateProperties properties;
    private volatile EventStreamClient stream;
    /** Whether the stream being down was logged (once per outage; only touched on the stream's thread). */
    private boolean warned;

    JobEventStream(DesiredStateClient client, DesiredStateCache cache, DesiredStateProperties properties) {
        this.client = client;
        this.cache = cache;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        EventStreamClient started = new EventStreamClient("job-events", client.endpoint("/api/v1/jobs/events"), null,
                properties.eventsRetry(), this);
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

    /** Started before the Mesos subscription, whose events it handles. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1000;
    }

    @Override
    public boolean isRunning() {
        return stream != null;
    }

    @Override
    public void connected() {
        warned = false;
        cache.refresh();
    }

    @Override
    public void event(EventStreamClient.Event event) {
        cache.refresh();
    }

    @Override
    public void unavailable(Exception cause) {
        if (!warned) {
            log.info("Job event stream unavailable ({}); relying on polling until it returns", cause.toString());
            warned = true;
        }
    }
}
