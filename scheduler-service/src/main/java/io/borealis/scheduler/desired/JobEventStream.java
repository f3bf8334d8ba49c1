package io.borealis.scheduler.desired;

import io.borealis.api.event.ChangeEvent;
import io.borealis.api.job.JobKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
class JobEventStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobEventStream.class);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    private final DesiredStateClient client;
    private final DesiredStateCache cache;
    private final DesiredStateProperties properties;
    private final JsonMapper json;
    private volatile Thread thread;
    private volatile String lastEventId;

    JobEventStream(DesiredStateClient client, DesiredStateCache cache, DesiredStateProperties properties,
                   JsonMapper json) {
        this.json = json;
        this.client = client;
        this.cache = cache;
        this.properties = properties;
    }

    @Override
    public void start() {
        Thread reader = new Thread(this::followForever, "job-events");
        reader.setDaemon(true);
        thread = reader;
        reader.start();
    }

    @Override
    public void stop() {
        Thread reader = thread;
        thread = null;
        if (reader != null) {
            reader.interrupt();
        }
    }

    /** Started before the Mesos subscription, whose events it handles. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1000;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void followForever() {
        boolean warned = false;
        while (thread != null && !Thread.currentThread().isInterrupted()) {
            try {
                follow();
                warned = false;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!warned) {
                    log.info("Job event stream unavailable ({}); relying on polling until it returns", e.toString());
                    warned = true;
                }
            }
            try {
                Thread.sleep(properties.eventsRetry().toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A job event: re-read the job it names (or everything, if it names none we understand). */
    private void changed(String data) {
        try {
            ChangeEvent event = json.readValue(data, ChangeEvent.class);
            cache.refreshJob(JobKey.parse(event.subject()));
        } catch (RuntimeException e) {
            log.debug("Job event without a job key ({}): reading everything", e.toString());
            cache.refresh();
        }
    }

    private void follow() throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(client.endpoint("/api/v1/jobs/events"))
                .header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new java.io.IOException("HTTP " + response.statusCode());
        }
        cache.streaming(true);
        cache.refresh(); // what changed while no stream was followed
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder data = new StringBuilder();
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("id:")) {
                    lastEventId = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.isEmpty() && !data.isEmpty()) {
                    changed(data.toString());
                    data.setLength(0);
                }
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        } finally {
            cache.streaming(false);
        }
    }
}
