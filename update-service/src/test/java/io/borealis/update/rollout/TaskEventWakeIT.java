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
 * The driver reacts to the scheduler's task events: with the tick set to ten minutes, a failing
 * instance is rolled back, and the rollback watched to its end, by task events alone (and the
 * watch-end wake-up), reading only the in-flight instance's tasks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.boot.admin.client.enabled=false", "borealis.rollout.tick=10m"})
@Import(EmbeddedPostgresConfig.class)
class TaskEventWakeIT {

    private static final FakeCluster CLUSTER = start();
    private static final TaskConfig GOOD = config("serve v1");
    private static final TaskConfig FAILING = config("exit 1");
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
        String good = CLUSTER.createJob(job, 3, GOOD);
        await().atMost(BOUND).until(() -> CLUSTER.eventSubscribers() > 0);

        // batch 1, no failure allowed, watch 1 s: the first instance's task fails at once
        UpdateSettings settings = new UpdateSettings(1, "QUEUE", null, 1, 0, 0, true, false, null, null, null, null);
        Http.Response response = http.post("/api/v1/jobs/" + job.path() + "/updates",
                Map.of("spec", new JobSpec(job, 3, JobKind.SERVICE, FAILING, null, null), "settings", settings));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        String id = response.json().get("id").asString();

        // the tick is 10 minutes: only the failure's task event, then the rollback task's RUNNING
        // event and the watch end, can have moved it this far this soon
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> "ROLLED_BACK".equals(http.get("/api/v1/updates/" + id).json().get("status").asString()));
        JsonNode done = http.get("/api/v1/updates/" + id).json();
        assertThat(done.get("events").valueStream().map(e -> e.path("action").asString()).toList())
                .containsSubsequence("INSTANCE_UPDATING", "INSTANCE_UPDATE_FAILED", "INSTANCE_ROLLING_BACK",
                        "INSTANCE_ROLLED_BACK");
        assertThat(CLUSTER.instances(job).values()).containsOnly(good);

        // every task read named the one instance in flight; none read the whole job
        List<String> reads = CLUSTER.taskReads(job);
        assertThat(reads).isNotEmpty().containsOnly("0");
    }

    private static TaskConfig config(String command) {
        return new TaskConfig(command, Map.of(), null, null, List.of(), null, null, null, null, null);
    }
}
