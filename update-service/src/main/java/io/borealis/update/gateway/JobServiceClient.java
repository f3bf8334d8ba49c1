package io.borealis.update.gateway;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobSpec;
import io.borealis.api.job.JobView;
import io.borealis.api.job.TaskConfig;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** job-service, through the gateway: the job's desired state, its update lock and instance configs. */
@Component
public class JobServiceClient {

    private static final String JOB = "/api/v1/jobs/{role}/{env}/{name}";

    private final RestClient http;

    JobServiceClient(RestClient gatewayRestClient) {
        this.http = gatewayRestClient;
    }

    public JobView job(JobKey job) {
        return Calls.call("reading job " + job, () -> http.get().uri(JOB, segments(job))
                .retrieve().body(JobView.class));
    }

    /** Stores the config (idempotent) and answers its version. */
    public String storeConfig(JobKey job, TaskConfig config) {
        JsonNode answer = Calls.call("storing a config of " + job, () -> http.post().uri(JOB + "/configs", segments(job))
                .body(config).retrieve().body(JsonNode.class));
        if (answer == null || !answer.hasNonNull("version")) {
            throw new UpstreamException(502, "job-service stored a config of " + job + " but named no version", null);
        }
        return answer.get("version").asString();
    }

    /** Takes the job's update lock for {@code holder}; taking it again as the same holder is assumed to succeed. */
    public void lock(JobKey job, String holder) {
        Calls.call("locking " + job, () -> http.post().uri(JOB + "/lock", segments(job))
                .body(Map.of("holder", holder)).retrieve().toBodilessEntity());
    }

    public void unlock(JobKey job, String holder) {
        Calls.call("unlocking " + job, () -> http.delete().uri(JOB + "/lock?holder={holder}", with(job, holder))
                .retrieve().toBodilessEntity());
    }

    /** Sets (or creates) the instance's desired config; the scheduler then replaces its task. */
    public void setInstance(JobKey job, int instance, String configVersion, String holder) {
        Calls.call("setting instance " + instance + " of " + job, () -> http.put()
                .uri(JOB + "/instances/{id}", segments(job, instance))
                .body(Map.of("configVersion", configVersion, "holder", holder)).retrieve().toBodilessEntity());
    }

    public void removeInstance(JobKey job, int instance, String holder) {
        Map<String, Object> uri = segments(job, instance);
        uri.put("holder", holder);
        Calls.call("removing instance " + instance + " of " + job, () -> http.delete()
                .uri(JOB + "/instances/{id}?holder={holder}", uri).retrieve().toBodilessEntity());
    }

    /** Whether the role's quota allows the spec: any client error is a refusal, with its detail. */
    public void checkQuota(JobKey job, JobSpec spec) {
        Calls.call("checking the quota of " + job.role(), () -> http.post().uri("/api/v1/quotas/{role}/check", job.role())
                .body(Map.of("job", job, "spec", spec)).retrieve().toBodilessEntity());
    }

    static Map<String, Object> segments(JobKey job) {
        Map<String, Object> uri = new java.util.HashMap<>();
        uri.put("role", job.role());
        uri.put("env", job.environment());
        uri.put("name", job.name());
        return uri;
    }

    private static Map<String, Object> segments(JobKey job, int instance) {
        Map<String, Object> uri = segments(job);
        uri.put("id", instance);
        return uri;
    }

    private static Map<String, Object> with(JobKey job, String holder) {
        Map<String, Object> uri = segments(job);
        uri.put("holder", holder);
        return uri;
    }
}
