package io.borealis.update.gateway;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskView;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * scheduler-service, through the gateway: a job's tasks, agents' attributes for failure domains,
 * and in-place restarts of instances.
 */
@Component
public class SchedulerClient {

    private static final ParameterizedTypeReference<List<TaskView>> TASKS = new ParameterizedTypeReference<>() {
    };

    private final RestClient http;

    SchedulerClient(RestClient gatewayRestClient) {
        this.http = gatewayRestClient;
    }

    /** Every active task of the job and its most recent terminal ones. */
    public List<TaskView> tasks(JobKey job) {
        List<TaskView> tasks = Calls.call("reading the tasks of " + job, () -> http.get()
                .uri("/api/v1/jobs/{role}/{env}/{name}/tasks", JobServiceClient.segments(job))
                .retrieve().body(TASKS));
        return tasks == null ? List.of() : tasks;
    }

    /** The tasks of some instances only (each one's active tasks and its recent terminal ones): a small read of a large job. */
    public List<TaskView> tasks(JobKey job, Collection<Integer> instances) {
        Map<String, Object> uri = JobServiceClient.segments(job);
        uri.put("instances", instances.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
        List<TaskView> tasks = Calls.call("reading the tasks of instances " + instances + " of " + job, () -> http.get()
                .uri("/api/v1/jobs/{role}/{env}/{name}/tasks?instances={instances}", uri)
                .retrieve().body(TASKS));
        return tasks == null ? List.of() : tasks;
    }

    /** One instance the scheduler is restarting, with the id of the task being restarted (its replacement links to it by ancestorId). */
    public record Restarted(int instance, String taskId) {
    }

    private static final ParameterizedTypeReference<List<Restarted>> RESTARTED = new ParameterizedTypeReference<>() {
    };

    /**
     * Restarts instances in place ({@code POST /api/v1/tasks/restart}): the scheduler kills their
     * tasks and starts replacements of the same config version, linked by {@code ancestorId}.
     */
    public List<Restarted> restart(JobKey job, List<Integer> instances, String message) {
        Map<String, Object> body = new HashMap<>();
        body.put("job", job);
        body.put("instances", instances);
        body.put("message", message);
        List<Restarted> answer = Calls.call("restarting instances " + instances + " of " + job, () -> http.post()
                .uri("/api/v1/tasks/restart").body(body).retrieve().body(RESTARTED));
        return answer == null ? List.of() : answer;
    }

    /**
     * Agent id → value of {@code attribute}, from {@code GET /api/v1/cluster/agents} (a list of
     * agents, each with {@code id} or {@code agentId} and an {@code attributes} object); agents
     * without it are left out.
     */
    public Map<String, String> agentAttribute(String attribute) {
        JsonNode agents = Calls.call("reading the agents", () -> http.get().uri("/api/v1/cluster/agents")
                .retrieve().body(JsonNode.class));
        Map<String, String> values = new HashMap<>();
        if (agents == null || !agents.isArray()) {
            return values;
        }
        for (JsonNode agent : agents) {
            JsonNode id = agent.hasNonNull("id") ? agent.get("id") : agent.get("agentId");
            JsonNode value = agent.path("attributes").get(attribute);
            if (id != null && value != null && !value.isNull()) {
                values.put(id.asString(), value.asString());
            }
        }
        return values;
    }
}
