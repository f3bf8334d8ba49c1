package io.borealis.update.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import io.borealis.api.job.JobSpec;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.job.UpdateSettings;
import io.borealis.update.Http;
import io.borealis.update.ServiceProcess;
import io.borealis.update.fake.FakeCluster;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Durability: update-service runs as a real process (the packaged jar) against a real PostgreSQL
 * and is killed with SIGKILL five times during one update, at different moments — right after the
 * update was accepted, inside a call that sets an instance's config (applied, not yet answered),
 * while a batch is being watched — and restarted each time. The update must still end
 * ROLLED_FORWARD with every instance updated exactly once, none skipped, per-instance failure
 * counts kept, and never more than batchSize instances down because of it.
 */
class CrashRecoveryIT {

    private static final JobKey JOB = new JobKey("web", "crash", "hello");
    private static final TaskConfig V1 = config("serve v1");
    /** Every instance's first v2 task fails, its replacement runs: one failure per instance, within the limit. */
    private static final TaskConfig V2 = config("serve v2 fail-first");

    private static ServiceProcess service(EmbeddedPostgres pg, FakeCluster cluster) throws Exception {
        return new ServiceProcess(List.of(
                "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--borealis.gateway.url=" + cluster.url(),
                "--spring.boot.admin.client.enabled=false",
                "--borealis.rollout.tick=200ms"));
    }

    @Test
    void anUpdateSurvivesFiveSigkills() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             FakeCluster cluster = new FakeCluster();
             ServiceProcess service = service(pg, cluster)) {
            String v2 = FakeCluster.version(V2);
            cluster.createJob(JOB, 6, V1);
            cluster.startDelay(Duration.ofMillis(400)); // a replaced instance is down until its new task runs
            AtomicInteger kills = new AtomicInteger();
            // kill inside the 1st, 3rd and 6th config change: applied by job-service, never answered
            Set<Integer> killAtWrite = Set.of(1, 3, 6);
            cluster.onInstanceWrite(writes -> {
                if (killAtWrite.contains(writes) && service.isAlive()) {
                    service.kill();
                    kills.incrementAndGet();
                }
            });
            service.start();
            Http http = new Http(service.port());
            UpdateSettings settings = new UpdateSettings(2, "BATCH", null, 2, 1, 0, true, false, null, 120, null,
                    null);
            Http.Response started = http.post("/api/v1/jobs/" + JOB.path() + "/updates",
                    Map.of("spec", new JobSpec(JOB, 6, JobKind.SERVICE, V2, null, null), "settings", settings));
            assertThat(started.status()).as(started.body()).isEqualTo(201);
            String id = started.json().get("id").asString();

            service.kill(); // 1: at once, before or during the first round
            kills.incrementAndGet();
            service.start();
            restartAfterKill(service, kills, 2); // 2: inside the first PUT
            restartAfterKill(service, kills, 3); // 3: inside the first PUT of batch 2
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.instanceWrites(JOB).size() >= 4);
            service.kill(); // 4: while batch 2 is watched
            kills.incrementAndGet();
            service.start();
            restartAfterKill(service, kills, 5); // 5: inside the last PUT

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "ROLLED_FORWARD".equals(http.get("/api/v1/updates/" + id).json()
                            .get("status").asString()));
            JsonNode done = http.get("/api/v1/updates/" + id).json();

            assertThat(kills.get()).isEqualTo(5);
            assertThat(cluster.instances(JOB).values()).as("every instance on v2").containsOnly(v2);
            assertThat(cluster.instanceWrites(JOB).stream().filter(w -> w.endsWith("=" + v2)).toList())
                    .as("each instance set to v2 once, apart from idempotent re-sends")
                    .hasSize(6).doesNotHaveDuplicates();
            assertThat(cluster.launches(JOB, v2)).as("v2 tasks per instance: the failing first one and one more")
                    .containsExactlyInAnyOrderEntriesOf(Map.of(0, 2, 1, 2, 2, 2, 3, 2, 4, 2, 5, 2));
            for (int instance = 0; instance < 6; instance++) {
                assertThat(actions(done, instance)).as("instance %d", instance)
                        .containsExactly("INSTANCE_UPDATING", "INSTANCE_UPDATED");
            }
            assertThat(done.get("instances").valueStream().map(i -> i.get("failures").asInt()).toList())
                    .as("one recorded failure per instance, kept across restarts").containsOnly(1);
            assertThat(done.get("counts").get("updated").asInt()).isEqualTo(6);
            assertThat(done.get("counts").get("failed").asInt()).isZero();
            assertThat(cluster.maxNotServing()).as("never more than batchSize instances down").isEqualTo(2);
            assertThat(cluster.lockHolder(JOB)).isNull();
        }
    }

    @Test
    void aRollingRestartKilledRightAfterTheSchedulerActedRestartsNoInstanceTwice() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             FakeCluster cluster = new FakeCluster();
             ServiceProcess service = service(pg, cluster)) {
            cluster.createJob(JOB, 4, V1);
            cluster.startDelay(Duration.ofMillis(400));
            AtomicInteger kills = new AtomicInteger();
            // the scheduler restarts the batch, then update-service dies before it hears the answer
            cluster.onRestart(calls -> {
                if (calls <= 2 && service.isAlive()) {
                    service.kill();
                    kills.incrementAndGet();
                }
            });
            service.start();
            Http http = new Http(service.port());
            UpdateSettings settings = new UpdateSettings(2, "BATCH", null, 1, 0, 0, true, false, null, 120, null,
                    null);
            Http.Response started = http.post("/api/v1/jobs/" + JOB.path() + "/restart", Map.of("settings", settings));
            assertThat(started.status()).as(started.body()).isEqualTo(201);
            String id = started.json().get("id").asString();

            restartAfterKill(service, kills, 1);
            restartAfterKill(service, kills, 2);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "ROLLED_FORWARD".equals(http.get("/api/v1/updates/" + id).json()
                            .get("status").asString()));

            assertThat(cluster.restarts(JOB)).as("each instance restarted exactly once")
                    .containsExactlyInAnyOrderEntriesOf(Map.of(0, 1, 1, 1, 2, 1, 3, 1));
            assertThat(cluster.instanceWrites(JOB)).isEmpty();
            assertThat(cluster.maxNotServing()).as("never more than batchSize instances down").isEqualTo(2);
            assertThat(cluster.lockHolder(JOB)).isNull();
        }
    }

    /** Waits until a hook has killed the service ({@code expected} kills so far), then starts it again. */
    private static void restartAfterKill(ServiceProcess service, AtomicInteger kills, int expected) throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> kills.get() >= expected && !service.isAlive());
        service.start();
    }

    private static List<String> actions(JsonNode details, int instance) {
        return details.get("events").valueStream()
                .filter(e -> e.hasNonNull("action") && e.get("instance").asInt() == instance)
                .map(e -> e.get("action").asString()).toList();
    }

    private static TaskConfig config(String command) {
        return new TaskConfig(command, Map.of(), null, null, List.of(), null, null, null, null, null);
    }
}
