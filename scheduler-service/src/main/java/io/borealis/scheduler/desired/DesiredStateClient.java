package io.borealis.scheduler.desired;

import io.borealis.api.job.DesiredState;
import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET {gateway}/api/v1/desired-state}: all jobs with their instance → config maps. */
@Component
class DesiredStateClient {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    private final DesiredStateProperties properties;
    private final JsonMapper json;

    DesiredStateClient(DesiredStateProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    /** The full desired state; throws on anything but a complete 200 answer. */
    DesiredState read() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint("/api/v1/desired-state"))
                .timeout(properties.requestTimeout())
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("desired-state read answered HTTP " + response.statusCode());
        }
        DesiredState state = json.readValue(response.body(), DesiredState.class);
        if (state == null || state.jobs() == null) {
            throw new IOException("desired-state read returned no job list");
        }
        return state;
    }

    /** One job as job-service serves it now; empty if it does not exist (404). */
    Optional<JobView> readJob(JobKey key) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint("/api/v1/jobs/" + key.path()))
                .timeout(properties.requestTimeout())
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("read of job " + key + " answered HTTP " + response.statusCode());
        }
        JobView job = json.readValue(response.body(), JobView.class);
        if (job == null || job.key() == null || !job.key().equals(key) || job.instances() == null) {
            throw new IOException("read of job " + key + " returned no such job");
        }
        return Optional.of(job);
    }

    URI endpoint(String path) {
        String base = properties.url().toString();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }
}
