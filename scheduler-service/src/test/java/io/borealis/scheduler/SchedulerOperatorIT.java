package io.borealis.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Operator-facing behaviour against the scripted master: a flapping instance waits THROTTLED until unthrottled; the agents view. */
class SchedulerOperatorIT extends FakeMasterTest {

    private static final JobKey JOB = new JobKey("web", "prod", "flappy");
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    /** A long first delay, so the THROTTLED task is still there when the operator clears it. */
    @Override
    protected String[] schedulerArgs() {
        return new String[] {"--borealis.tasks.throttle-initial=60s"};
    }

    @Test
    void aFlappingInstanceIsThrottledUntilTheOperatorClearsIt() throws Exception {
        gateway.jobs(FakeGateway.service(JOB, 1, "sleep 600"));
        TaskView first = awaitTask(t -> t.status() == TaskStatus.RUNNING);

        // the agents view: both offered agents, ours using what the task asked for
        JsonNode agents = json.readTree(send("GET", "/api/v1/cluster/agents").body());
        assertThat(agents).hasSize(2);
        assertThat(agents.get(0).path("hostname").asString()).isEqualTo("host1");
        assertThat(agents.get(0).path("mode").asString()).isEqualTo("ACTIVE");
        assertThat(agents.get(0).path("offered").path("cpus").asDouble()).isPositive();
        JsonNode busy = agents.get(first.agentId().equals(agents.get(0).path("id").asString()) ? 0 : 1);
        assertThat(busy.path("used").path("tasks").asInt()).isEqualTo(1);
        assertThat(busy.path("used").path("cpus").asDouble()).isEqualTo(0.1);
        assertThat(busy.path("used").path("ports")).hasSize(1);

        // it dies at once: the replacement waits THROTTLED, and says why
        master.fail(first.taskId());
        TaskView throttled = awaitTask(t -> first.taskId().equals(t.ancestorId()));
        assertThat(throttled.status()).isEqualTo(TaskStatus.THROTTLED);
        assertThat(throttled.events().get(0).message()).contains("flapping");
        assertThat(throttled.pendingReasons()).extracting(TaskView.PendingReason::reason).containsExactly("THROTTLED");

        // only a THROTTLED task can be unthrottled; an unknown one is 404
        HttpResponse<String> conflict = send("POST", "/api/v1/tasks/" + first.taskId() + "/unthrottle");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        assertThat(send("POST", "/api/v1/tasks/nope/unthrottle").statusCode()).isEqualTo(404);

        HttpResponse<String> cleared = send("POST", "/api/v1/tasks/" + throttled.taskId() + "/unthrottle");
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(json.readValue(cleared.body(), TaskView.class).status()).isNotEqualTo(TaskStatus.THROTTLED);
        awaitTask(t -> t.taskId().equals(throttled.taskId()) && t.status() == TaskStatus.RUNNING);
    }

    @Test
    void restartKillsWithGraceAndReplacesWithTheSameConfigWithoutCountingAFailure() throws Exception {
        gateway.jobs(FakeGateway.service(JOB, 2, "sleep 600"));
        await().atMost(Duration.ofSeconds(15)).until(() -> tasks().stream().filter(t -> t.status() == TaskStatus.RUNNING).count() == 2);
        TaskView victim = tasks().stream().filter(t -> t.instance() == 1).findFirst().orElseThrow();

        HttpResponse<String> restarted = post("/api/v1/tasks/restart",
                "{\"job\":{\"role\":\"web\",\"environment\":\"prod\",\"name\":\"flappy\"},\"instances\":[1],\"message\":\"roll\"}");
        assertThat(restarted.statusCode()).isEqualTo(200);
        JsonNode answer = json.readTree(restarted.body());
        assertThat(answer).hasSize(1);
        assertThat(answer.get(0).path("instance").asInt()).isEqualTo(1);
        assertThat(answer.get(0).path("taskId").asString()).isEqualTo(victim.taskId());

        // RESTARTING is committed, then KILL is sent with the task's grace period; KILLED → replaced at once, same config
        TaskView replacement = awaitTask(t -> victim.taskId().equals(t.ancestorId()) && t.status() == TaskStatus.RUNNING);
        assertThat(replacement.instance()).isEqualTo(1);
        assertThat(replacement.configVersion()).isEqualTo(victim.configVersion());
        assertThat(replacement.failureCount()).isZero();
        TaskView old = tasks().stream().filter(t -> t.taskId().equals(victim.taskId())).findFirst().orElseThrow();
        assertThat(old.status()).isEqualTo(TaskStatus.KILLED);
        assertThat(old.events()).extracting(e -> e.status()).containsSubsequence(TaskStatus.RUNNING, TaskStatus.RESTARTING,
                TaskStatus.KILLED);
        assertThat(old.events()).anySatisfy(e -> assertThat(e.message()).contains("roll"));
        assertThat(master.calls(org.apache.mesos.v1.scheduler.Protos.Call.Type.KILL))
                .filteredOn(c -> c.getKill().getTaskId().getValue().equals(victim.taskId())).first()
                .satisfies(c -> assertThat(c.getKill().getKillPolicy().getGracePeriod().getNanoseconds()).isEqualTo(1_000_000_000L));
        assertThat(tasks()).filteredOn(t -> t.instance() == 0).singleElement()
                .satisfies(t -> assertThat(t.status()).isEqualTo(TaskStatus.RUNNING));

        // problems: unknown job 404, unknown instance 400 naming it, malformed body 400
        HttpResponse<String> unknownJob = post("/api/v1/tasks/restart",
                "{\"job\":{\"role\":\"web\",\"environment\":\"prod\",\"name\":\"nope\"},\"instances\":[0]}");
        assertThat(unknownJob.statusCode()).isEqualTo(404);
        assertThat(unknownJob.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        HttpResponse<String> unknownInstance = post("/api/v1/tasks/restart",
                "{\"job\":{\"role\":\"web\",\"environment\":\"prod\",\"name\":\"flappy\"},\"instances\":[0,7]}");
        assertThat(unknownInstance.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknownInstance.body()).path("instances").toString()).isEqualTo("[7]");
        assertThat(post("/api/v1/tasks/restart", "{\"instances\":[0]}").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/tasks/restart", "not json").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        URI uri = SchedulerRunner.baseUri(scheduler).resolve(path);
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private TaskView awaitTask(java.util.function.Predicate<TaskView> wanted) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> tasks().stream().filter(wanted).findFirst(),
                java.util.Optional::isPresent).get();
    }

    private List<TaskView> tasks() throws Exception {
        return SchedulerRunner.tasks(scheduler, JOB);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        URI uri = SchedulerRunner.baseUri(scheduler).resolve(path);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
