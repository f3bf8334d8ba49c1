package io.borealis.scheduler.desired;

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

/**
 * Follows {@code GET {gateway}/api/v1/jobs/events} (SSE) only to wake the desired-state read early:
 * any event triggers a full re-read. Reconnects with Last-Event-ID; missing events is harmless.
 */
@Component
class JobEventStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobEventStream.class);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    private final DesiredStateClient client;
    private final DesiredStateCache cache;
    private final DesiredStateProperties properties;
    private volatile Thread thread;
    private volatile String lastEventId;

    JobEventStream(DesiredStateClient client, DesiredStateCache cache, DesiredStateProperties properties) {
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
        cache.refresh();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            boolean data = false;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("id:")) {
                    lastEventId = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data = true;
                } else if (line.isEmpty() && data) {
                    data = false;
                    cache.refresh();
                }
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        }
    }
}
