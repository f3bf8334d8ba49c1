package io.borealis.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskEventView;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Host maintenance against the scripted master: a drained host's tasks move at a bounded rate, then it takes nothing. */
class SchedulerMaintenanceIT extends FakeMasterTest {

    private static final JobKey JOB = new JobKey("web", "prod", "drained");
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    protected String[] schedulerArgs() {
        return new String[] {"--borealis.maintenance.drain-interval=200ms",
                "--borealis.maintenance.max-job-share-down=0.2"};
    }

    @Test
    void drainingAHostMovesItsTasksOneAtATimeThenItTakesNothingUntilMaintenanceEnds() throws Exception {
        gateway.jobs(FakeGateway.service(JOB, 5, "sleep 600"));
        List<TaskView> running = awaitRunning();
        String host = running.stream().collect(Collectors.groupingBy(TaskView::host, Collectors.counting())).entrySet()
                .stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<String> onHost = running.stream().filter(t -> t.host().equals(host)).map(TaskView::taskId).toList();

        HttpResponse<String> drain = post("/api/v1/cluster/maintenance", "{\"hosts\":[\"" + host + "\"],\"action\":\"DRAIN\"}");
        assertThat(drain.statusCode()).isEqualTo(200);
        assertThat(json.readTree(drain.body()).get(0).path("mode").asString()).isIn("DRAINING", "DRAINED");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(agentMode(host)).isEqualTo("DRAINED");
            List<TaskView> now = tasks().stream().filter(t -> t.status() == TaskStatus.RUNNING).toList();
            assertThat(now).hasSize(5).allSatisfy(t -> assertThat(t.host()).isNotEqualTo(host));
        });

        // every task of the host went DRAINING → KILLED and was replaced elsewhere, not counted as a failure
        List<TaskView> all = tasks();
        Map<String, TaskView> byAncestor = all.stream().filter(t -> t.ancestorId() != null)
                .collect(Collectors.toMap(TaskView::ancestorId, Function.identity()));
        List<Instant[]> outages = new ArrayList<>();
        for (String taskId : onHost) {
            TaskView moved = all.stream().filter(t -> t.taskId().equals(taskId)).findFirst().orElseThrow();
            assertThat(moved.events()).extracting(TaskEventView::status)
                    .containsSubsequence(TaskStatus.RUNNING, TaskStatus.DRAINING, TaskStatus.KILLED);
            TaskView replacement = byAncestor.get(taskId);
            assertThat(replacement.failureCount()).isZero();
            outages.add(new Instant[] {at(moved, TaskStatus.DRAINING), at(replacement, TaskStatus.RUNNING)});
        }
        // max-job-share-down 0.2 of 5 instances: never two down at once because of the drain
        assertThat(maxOverlap(outages)).isEqualTo(1);

        // persisted, and listed
        try (Connection c = pg.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT hostname, mode FROM host_maintenance")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("hostname")).isEqualTo(host);
            assertThat(rs.getString("mode")).isEqualTo("DRAINED");
        }
        assertThat(json.readTree(get("/api/v1/cluster/maintenance").body()).get(0).path("mode").asString()).isEqualTo("DRAINED");

        // bad requests are 400 problems
        assertThat(post("/api/v1/cluster/maintenance", "{\"hosts\":[\"" + host + "\"],\"action\":\"NAP\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> noHosts = post("/api/v1/cluster/maintenance", "{\"hosts\":[],\"action\":\"DRAIN\"}");
        assertThat(noHosts.statusCode()).isEqualTo(400);
        assertThat(noHosts.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));

        HttpResponse<String> end = post("/api/v1/cluster/maintenance", "{\"hosts\":[\"" + host + "\"],\"action\":\"END\"}");
        assertThat(end.statusCode()).isEqualTo(200);
        assertThat(json.readTree(end.body()).get(0).path("mode").asString()).isEqualTo("ACTIVE");
        assertThat(agentMode(host)).isEqualTo("ACTIVE");
        assertThat(json.readTree(get("/api/v1/cluster/maintenance").body())).isEmpty();
    }

    private static Instant at(TaskView task, TaskStatus status) {
        return task.events().stream().filter(e -> e.status() == status).map(TaskEventView::time).findFirst().orElseThrow();
    }

    private static int maxOverlap(List<Instant[]> intervals) {
        int max = 0;
        for (Instant[] interval : intervals) {
            int overlapping = (int) intervals.stream()
                    .filter(o -> !o[0].isAfter(interval[0]) && o[1].isAfter(interval[0])).count();
            max = Math.max(max, overlapping);
        }
        return max;
    }

    private String agentMode(String host) throws Exception {
        for (JsonNode agent : json.readTree(get("/api/v1/cluster/agents").body())) {
            if (agent.path("hostname").asString().equals(host)) {
                return agent.path("mode").asString();
            }
        }
        return null;
    }

    private List<TaskView> awaitRunning() {
        return await().atMost(Duration.ofSeconds(15)).until(
                () -> tasks().stream().filter(t -> t.status() == TaskStatus.RUNNING).toList(), t -> t.size() == 5);
    }

    private List<TaskView> tasks() throws Exception {
        return SchedulerRunner.tasks(scheduler, JOB).stream().sorted(Comparator.comparing(TaskView::instance)).toList();
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = SchedulerRunner.baseUri(scheduler).resolve(path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        URI uri = SchedulerRunner.baseUri(scheduler).resolve(path);
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
