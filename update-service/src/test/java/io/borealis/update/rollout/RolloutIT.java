package io.borealis.update.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import io.borealis.api.job.JobSpec;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.job.UpdateSettings;
import io.borealis.update.EmbeddedPostgresConfig;
import io.borealis.update.Http;
import io.borealis.update.fake.FakeCluster;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The rolling-update engine end to end on a real port and a real PostgreSQL, against a fake gateway
 * (in-memory job-service and scheduler) that injects failures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.boot.admin.client.enabled=false", "borealis.rollout.tick=100ms"})
@Import(EmbeddedPostgresConfig.class)
class RolloutIT {

    private static final FakeCluster CLUSTER = start();
    private static final AtomicInteger JOBS = new AtomicInteger();
    private static final TaskConfig GOOD_V1 = config("serve v1");
    private static final TaskConfig GOOD_V2 = config("serve v2");

    @LocalServerPort
    int port;
    Http http;

    private static FakeCluster start() {
        try {
            return new FakeCluster();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("borealis.gateway.url", CLUSTER::url);
    }

    @AfterAll
    static void stopCluster() {
        CLUSTER.close();
    }

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    @Test
    void aGoodUpdateRollsForwardBatchByBatchAndReleasesTheLock() {
        JobKey job = newJob(6);
        String v2 = FakeCluster.version(GOOD_V2);

        Http.Response started = start(job, GOOD_V2, settings(2, "BATCH", 1), "alice");

        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.json().get("id").asString();
        assertThat(started.location()).isEqualTo("/api/v1/updates/" + id);
        JsonNode done = awaitStatus(id, "ROLLED_FORWARD");
        assertThat(CLUSTER.instances(job).values()).containsOnly(v2);
        assertThat(CLUSTER.instanceWrites(job).stream().filter(w -> w.endsWith(v2)).toList()).hasSize(6).doesNotHaveDuplicates();
        assertThat(done.get("counts").get("updated").asInt()).isEqualTo(6);
        assertThat(done.get("counts").get("remaining").asInt()).isZero();
        assertThat(done.get("events").get(0).get("actor").asString()).isEqualTo("alice");
        assertThat(done.get("events").valueStream().filter(e -> "INSTANCE_UPDATED".equals(e.path("action").asString())))
                .hasSize(6);
        assertThat(CLUSTER.lockHolder(job)).isNull();
    }

    @Test
    void aVersionThatExitsAtOnceRollsBackOnlyTheTouchedInstancesInReverse() {
        JobKey job = newJob(5);
        String v1 = FakeCluster.version(GOOD_V1);

        String id = started(start(job, config("exit 1"), settings(1, "QUEUE", 0), null));

        JsonNode done = awaitStatus(id, "ROLLED_BACK");
        assertThat(CLUSTER.instances(job).values()).containsOnly(v1);
        assertThat(done.get("instances")).hasSize(5);
        assertThat(done.get("instances").valueStream().filter(i -> !"PENDING".equals(i.get("forward").asString())))
                .as("only instance 0 was touched").hasSize(1);
        assertThat(done.get("events").valueStream().map(e -> e.path("action").asString()).toList())
                .contains("INSTANCE_UPDATE_FAILED", "INSTANCE_ROLLING_BACK", "INSTANCE_ROLLED_BACK");
        // the round that crossed the threshold also started the rollback: one timestamp for both
        assertThat(done.get("events").valueStream()
                .filter(e -> "ROLLING_BACK".equals(e.path("status").asString())
                        || "INSTANCE_ROLLING_BACK".equals(e.path("action").asString()))
                .map(e -> e.get("at").asString()).distinct().toList())
                .as("ROLLING_BACK and the first INSTANCE_ROLLING_BACK: %s", done).hasSize(1);
        assertThat(CLUSTER.lockHolder(job)).isNull();
    }

    @Test
    void anUnhealthyVersionFailsWithoutRollbackWhenAskedSo() {
        JobKey job = newJob(2);
        UpdateSettings noRollback = new UpdateSettings(1, null, null, 1, 0, 0, false, false, null, null, null, null);

        String id = started(start(job, config("serve unhealthy"), noRollback, null));

        awaitStatus(id, "FAILED");
        assertThat(CLUSTER.instances(job).get(0)).isEqualTo(FakeCluster.version(config("serve unhealthy")));
        assertThat(CLUSTER.instances(job).get(1)).isEqualTo(FakeCluster.version(GOOD_V1));
    }

    @Test
    void pauseResumeAbortAndIllegalVerbs() {
        JobKey job = newJob(4);
        UpdateSettings slow = new UpdateSettings(1, "BATCH", null, 2, 0, 0, true, false, null, null, null, null);
        String id = started(start(job, GOOD_V2, slow, null));

        Http.Response paused = http.post("/api/v1/updates/" + id + "/pause", Map.of("message", "lunch"),
                "X-Borealis-User", "bob");
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(paused.json().get("status").asString()).isEqualTo("ROLL_FORWARD_PAUSED");
        Http.Response again = http.post("/api/v1/updates/" + id + "/pause", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).endsWith("/illegal-transition");
        JsonNode details = http.get("/api/v1/updates/" + id).json();
        assertThat(details.get("blockedBy").asString()).startsWith("paused");

        assertThat(http.post("/api/v1/updates/" + id + "/resume", "{}").status()).isEqualTo(200);
        Http.Response aborted = http.post("/api/v1/updates/" + id + "/abort", Map.of("message", "enough"));
        assertThat(aborted.json().get("status").asString()).isEqualTo("ABORTED");
        JsonNode events = http.get("/api/v1/updates/" + id).json().get("events");
        assertThat(events.valueStream().filter(e -> "bob".equals(e.path("actor").asString())).findFirst()
                .orElseThrow().get("message").asString()).isEqualTo("pause: lunch");
        await().atMost(Duration.ofSeconds(10)).until(() -> CLUSTER.lockHolder(job) == null);
        assertThat(http.post("/api/v1/updates/" + id + "/resume", "{}").status()).isEqualTo(409);
    }

    @Test
    void aPulsedUpdateWaitsForItsPulses() {
        JobKey job = newJob(2);
        UpdateSettings pulsed = new UpdateSettings(1, null, null, 2, 0, 0, true, false, 1, null, null, null);
        String id = started(start(job, GOOD_V2, pulsed, null));

        awaitStatus(id, "ROLL_FORWARD_AWAITING_PULSE");
        assertThat(http.get("/api/v1/updates/" + id).json().get("blockedBy").asString()).startsWith("awaiting a pulse");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            http.post("/api/v1/updates/" + id + "/pulse", "{}");
            return "ROLLED_FORWARD".equals(status(id));
        });
    }

    @Test
    void oneActiveUpdatePerJobAndANoOpFinishesAtOnce() {
        JobKey job = newJob(2);
        UpdateSettings slow = new UpdateSettings(1, null, null, 30, 0, 0, true, false, null, null, null, null);
        String id = started(start(job, GOOD_V2, slow, null));

        Http.Response second = start(job, GOOD_V2, slow, null);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("type").asString()).endsWith("/update-in-progress");
        http.post("/api/v1/updates/" + id + "/abort", "{}");

        JobKey same = newJob(3);
        Http.Response noop = start(same, GOOD_V1, null, null);
        assertThat(status(noop.json().get("id").asString())).isEqualTo("ROLLED_FORWARD");
    }

    @Test
    void badRequestsAreProblemsNamingTheField() {
        JobKey job = newJob(1);
        Map<String, Object> wrongKey = Map.of("spec", spec(new JobKey("x", "y", "z"), 1, GOOD_V2));
        Map<String, Object> badSettings = Map.of("spec", spec(job, 1, GOOD_V2),
                "settings", Map.of("batchSize", 0));
        Map<String, Object> badStrategy = Map.of("spec", spec(job, 1, GOOD_V2),
                "settings", Map.of("strategy", "SIDEWAYS"));

        assertProblem(http.post(path(job), Map.of()), 400, "spec");
        assertProblem(http.post(path(job), wrongKey), 400, "spec.key");
        assertProblem(http.post(path(job), badSettings), 400, "settings.batchSize");
        assertProblem(http.post(path(job), badStrategy), 400, "settings.strategy");
        assertThat(http.post(path(job), "{not json").status()).isEqualTo(400);
        Http.Response unknown = http.post(path(new JobKey("no", "such", "job")),
                Map.of("spec", spec(new JobKey("no", "such", "job"), 1, GOOD_V2)));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("type").asString()).endsWith("/job-not-found");
    }

    @Test
    void aRollingRestartReplacesEachTaskOnceWithTheSameConfig() {
        JobKey job = newJob(4);
        String v1 = FakeCluster.version(GOOD_V1);
        Map<Integer, String> before = liveTaskIds(job);
        CLUSTER.loseRestartAnswers(1); // the first call is carried out, its answer lost: it must not be re-sent

        Http.Response started = http.post(restartPath(job), Map.of("settings", settings(2, "BATCH", 1),
                "message", "new certificates"), "X-Borealis-User", "carol");

        String id = started(started);
        JsonNode done = awaitStatus(id, "ROLLED_FORWARD");
        assertThat(done.get("kind").asString()).isEqualTo("RESTART");
        assertThat(CLUSTER.restarts(job)).as("each instance restarted exactly once")
                .containsExactlyInAnyOrderEntriesOf(Map.of(0, 1, 1, 1, 2, 1, 3, 1));
        assertThat(CLUSTER.instanceWrites(job)).as("no config changed").isEmpty();
        assertThat(CLUSTER.liveTasks(job)).hasSize(4).allSatisfy(t -> {
            assertThat(t.configVersion()).isEqualTo(v1);
            assertThat(t.ancestorId()).isEqualTo(before.get(t.instance()));
        });
        assertThat(done.get("counts").get("updated").asInt()).isEqualTo(4);
        assertThat(CLUSTER.lockHolder(job)).isNull();
    }

    @Test
    void aRestartOfChosenInstancesOnlyAndItsBadRequests() {
        JobKey job = newJob(4);

        String id = started(http.post(restartPath(job), Map.of("instances", List.of(3, 1),
                "settings", settings(1, "QUEUE", 0))));

        awaitStatus(id, "ROLLED_FORWARD");
        assertThat(CLUSTER.restarts(job)).containsExactlyInAnyOrderEntriesOf(Map.of(1, 1, 3, 1));
        Http.Response rollback = http.post("/api/v1/updates/" + id + "/rollback", "{}");
        assertThat(rollback.status()).isEqualTo(409);
        assertThat(rollback.json().get("type").asString()).endsWith("/illegal-transition");
        assertThat(rollback.json().get("detail").asString()).contains("rolling restart has no older config");
        assertProblem(http.post(restartPath(job), Map.of("instances", List.of(7))), 400, "instances");
        assertProblem(http.post(restartPath(job), Map.of("instances", List.of())), 400, "instances");
        assertProblem(http.post(restartPath(job), Map.of("settings", Map.of("batchSize", 0))), 400,
                "settings.batchSize");
        assertThat(http.post(restartPath(new JobKey("no", "such", "job")), "{}").status()).isEqualTo(404);
    }

    @Test
    void aFailureDomainUpdateGoesZoneByZoneWithTheCanaryFirst() {
        JobKey job = newJob(9); // instance i runs in zone "abc".charAt(i % 3)
        UpdateSettings byZone = new UpdateSettings(2, "QUEUE", null, 1, 0, 0, true, false, null, null, null, "zone");

        String id = started(start(job, GOOD_V2, byZone, null));

        JsonNode done = awaitStatus(id, "ROLLED_FORWARD");
        List<String> actions = done.get("events").valueStream().filter(e -> e.hasNonNull("action"))
                .map(e -> e.get("action").asString().replace("INSTANCE_", "") + " " + e.get("instance").asInt())
                .toList();
        List<Integer> starts = actions.stream().filter(a -> a.startsWith("UPDATING "))
                .map(a -> Integer.parseInt(a.substring(9))).toList();
        assertThat(starts).as("zone a, then b, then c").containsExactly(0, 3, 6, 1, 4, 7, 2, 5, 8);
        assertThat(actions.indexOf("UPDATING 6")).as("the canary (0 and 3) finished before anything else started")
                .isGreaterThan(actions.indexOf("UPDATED 0")).isGreaterThan(actions.indexOf("UPDATED 3"));
        for (int zone = 0; zone < 2; zone++) {
            int lastDone = 0;
            for (int i = zone; i < 9; i += 3) {
                lastDone = Math.max(lastDone, actions.indexOf("UPDATED " + i));
            }
            for (int i = zone + 1; i < 9; i += 3) {
                assertThat(actions.indexOf("UPDATING " + i)).as("instance %d starts after zone %d finished", i, zone)
                        .isGreaterThan(lastDone);
            }
        }
    }

    private static Map<Integer, String> liveTaskIds(JobKey job) {
        Map<Integer, String> ids = new HashMap<>();
        CLUSTER.liveTasks(job).forEach(t -> ids.put(t.instance(), t.taskId()));
        return ids;
    }

    private static String restartPath(JobKey job) {
        return "/api/v1/jobs/" + job.path() + "/restart";
    }

    private void assertProblem(Http.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field").asString()).isEqualTo(field);
    }

    private JobKey newJob(int count) {
        JobKey job = new JobKey("web", "test", "job-" + JOBS.incrementAndGet());
        CLUSTER.createJob(job, count, GOOD_V1);
        return job;
    }

    private Http.Response start(JobKey job, TaskConfig config, UpdateSettings settings, String user) {
        Map<String, Object> body = new HashMap<>();
        body.put("spec", spec(job, CLUSTER.instances(job).size(), config));
        if (settings != null) {
            body.put("settings", settings);
        }
        return user == null ? http.post(path(job), body) : http.post(path(job), body, "X-Borealis-User", user);
    }

    private static String started(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static String path(JobKey job) {
        return "/api/v1/jobs/" + job.path() + "/updates";
    }

    private static JobSpec spec(JobKey job, int count, TaskConfig config) {
        return new JobSpec(job, count, JobKind.SERVICE, config, null, null);
    }

    private static UpdateSettings settings(int batch, String strategy, int watch) {
        return new UpdateSettings(batch, strategy, null, watch, 0, 0, true, false, null, null, null, null);
    }

    private static TaskConfig config(String command) {
        return new TaskConfig(command, Map.of(), null, null, List.of(), null, null, null, null, null);
    }

    private String status(String id) {
        return http.get("/api/v1/updates/" + id).json().get("status").asString();
    }

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(status(id)).isEqualTo(status));
        return http.get("/api/v1/updates/" + id).json();
    }
}
