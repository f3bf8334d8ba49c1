package io.borealis.scheduler.desired;

import io.borealis.api.event.ChangeEvent;
import io.borealis.api.event.EventStreamClient;
import io.borealis.api.job.JobKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows {@code GET {gateway}/api/v1/jobs/events} (SSE) only to wake desired-state reads early:
 * each event re-reads the job it names, and every (re)connection reads everything. Reconnects with
 * Last-Event-ID; missing events is harmless (the cache also re-reads everything now and then).
 */
@Component
class JobEventStream implements SmartLifecycle, EventStreamClient.Listener {

    private static final Logger log = LoggerFactory.getLogger(JobEventStream.class);

    private final DesiredStateClient client;
    private final DesiredStateCache cache;
    private final DesiredStateProperties properties;
    private final JsonMapper json;
    private volatile EventStreamClient stream;
    /** Whether the stream being down was logged (once per outage; only touched on the stream's thread). */
    private boolean warned;

    JobEventStream(DesiredStateClient client, DesiredStateCache cache, DesiredStateProperties properties,
                   JsonMapper json) {
        this.json = json;
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

    /** Connected: the cache reads everything once (what changed while no stream was followed), then job by job. */
    @Override
    public void connected() {
        warned = false;
        cache.streaming(true);
        cache.refresh();
    }

    /** A job event: re-read the job it names (or everything, if it names none we understand). */
    @Override
    public void event(EventStreamClient.Event event) {
        try {
            cache.refreshJob(JobKey.parse(json.readValue(event.data(), ChangeEvent.class).subject()));
        } catch (RuntimeException e) {
            log.debug("Job event without a job key ({}): reading everything", e.toString());
            cache.refresh();
        }
    }

    @Override
    public void unavailable(Exception cause) {
        cache.streaming(false);
        if (!warned) {
            log.info("Job event stream unavailable ({}); relying on polling until it returns", cause.toString());
            warned = true;
        }
    }
}
