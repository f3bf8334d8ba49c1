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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The driver reacts to the scheduler's task events. The tick is ten minutes and the watch one
 * minute, so after an update's first round only a task event can make a round happen soon: the new
 * task's RUNNING makes one (a read of the in-flight instance), and its failure starts the rollback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.boot.admin.client.enabled=false", "borealis.rollout.tick=10m"})
@Import(EmbeddedPostgresConfig.class)
class TaskEventWakeIT {

    private static final FakeCluster CLUSTER = start();
    private static final Duration BOUND = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

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

    @Test
    void aTaskFailureStartsTheRollbackWithoutWaitingForTheTick() {
        Http http = new Http(port);
        JobKey job = new JobKey("web", "test", "woken");
        String v1 = CLUSTER.createJob(job, 3, config("serve v1"));
        assertThat(CLUSTER.eventSubscribers()).as("no update is active: the task events are not followed").isZero();

        UpdateSettings settings = new UpdateSettings(1, "QUEUE", null, 60, 0, 0, true, false, null, null, null, null);
        Http.Response response = http.post("/api/v1/jobs/" + job.path() + "/updates",
                Map.of("spec", new JobSpec(job, 3, JobKind.SERVICE, config("serve v2"), null, null), "settings", settings));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        String id = response.json().get("id").asString();

        // the first round (woken by the start) opens the stream, starts instance 0 and reads no task
        // (none was in flight); the new task's events then make a round that reads instance 0 only
        await().atMost(BOUND).until(() -> !CLUSTER.taskReads(job).isEmpty());
        assertThat(CLUSTER.eventSubscribers()).isEqualTo(1);
        assertThat(status(http, id)).isEqualTo("ROLLING_FORWARD");

        CLUSTER.crash(job, 0);

        // no tick for 10 minutes, no watch end for a minute: only the FAILED event can do this
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            JsonNode details = http.get("/api/v1/updates/" + id).json();
            assertThat(details.get("status").asString()).isEqualTo("ROLLING_BACK");
            assertThat(details.get("events").valueStream().map(e -> e.path("action").asString()).toList())
                    .containsSubsequence("INSTANCE_UPDATING", "INSTANCE_UPDATE_FAILED", "INSTANCE_ROLLING_BACK");
        });
        await().atMost(BOUND).until(() -> v1.equals(CLUSTER.instances(job).get(0)));
        assertThat(CLUSTER.taskReads(job)).as("every read named the one instance in flight").containsOnly("0");
    }

    @Test
    void aFailureWhileTheBatchIsBeingSetStopsTheSettingAndStartsTheRollback() {
        Http http = new Http(port);
        JobKey job = new JobKey("web", "test", "interrupted");
        String v1 = CLUSTER.createJob(job, 20, config("serve v1"));
        String v2 = FakeCluster.version(config("serve v2"));
        int before = CLUSTER.instanceWritesSoFar();
        // the first instance set crashes at once; the answer to the second call waits until that
        // failure is out on the event stream, so the driver hears of it while it sets the batch
        CLUSTER.onInstanceWrite(n -> {
            try {
                if (n == before + 1) {
                    CLUSTER.crash(job, Integer.parseInt(CLUSTER.instanceWrites(job).get(0).split("=")[0]));
                } else if (n == before + 2) {
                    CLUSTER.awaitFlushed(BOUND);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            UpdateSettings oneBatch = new UpdateSettings(20, "BATCH", null, 60, 0, 0, true, false, null, null, null, null);
            Http.Response response = http.post("/api/v1/jobs/" + job.path() + "/updates",
                    Map.of("spec", new JobSpec(job, 20, JobKind.SERVICE, config("serve v2"), null, null),
                            "settings", oneBatch));
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            String id = response.json().get("id").asString();

            await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> "ROLLING_BACK".equals(status(http, id)));
            await().atMost(BOUND).until(() -> CLUSTER.instances(job).values().stream().allMatch(v1::equals));
        } finally {
            CLUSTER.onInstanceWrite(n -> { });
        }
        List<String> writes = CLUSTER.instanceWrites(job);
        List<String> forward = writes.stream().filter(w -> w.endsWith("=" + v2)).toList();
        assertThat(forward).as("the batch's setting stopped once the failure was heard: %s", writes)
                .hasSizeBetween(1, 19);
        assertThat(writes.stream().filter(w -> w.endsWith("=" + v1)).map(w -> w.split("=")[0]))
                .as("only the instances that were set are set back").containsExactlyInAnyOrderElementsOf(
                        forward.stream().map(w -> w.split("=")[0]).toList());
    }

    private static String status(Http http, String id) {
        return http.get("/api/v1/updates/" + id).json().get("status").asString();
    }

    private static TaskConfig config(String command) {
        return new TaskConfig(command, Map.of(), null, null, List.of(), null, null, null, null, null);
    }
}
