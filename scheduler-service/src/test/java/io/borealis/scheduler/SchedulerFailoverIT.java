package io.borealis.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import io.borealis.scheduler.desired.DesiredStateCache;
import io.borealis.scheduler.leader.LeaderElection;
import io.borealis.scheduler.leader.LeaderFence;
import io.borealis.scheduler.leader.NotLeaderException;
import io.borealis.scheduler.mesos.MesosConnection;
import io.borealis.scheduler.task.TaskQueries;
import io.borealis.scheduler.task.TaskStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Active/standby on one database and one (scripted) master: only the leader subscribes; when it
 * goes, the standby subscribes as the same framework within the bound and restarts no task; a
 * write of a deposed leader (stale epoch) is refused.
 */
class SchedulerFailoverIT {

    private static final Logger log = LoggerFactory.getLogger(SchedulerFailoverIT.class);
    private static final JobKey JOB = new JobKey("web", "prod", "ha");
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private EmbeddedPostgres pg;
    private FakeMaster master;
    private FakeGateway gateway;
    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;

    @BeforeEach
    void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        master = new FakeMaster();
        gateway = new FakeGateway();
        a = SchedulerRunner.start(pg, master.uri(), gateway.uri(), "--borealis.leader.id=a");
        await().atMost(Duration.ofSeconds(10)).until(() -> "LEADER".equals(leader(a).path("role").asString()));
    }

    @AfterEach
    void stop() throws Exception {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {a, b}) {
            if (context != null) {
                context.close();
            }
        }
        if (master != null) {
            master.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void theStandbyTakesOverAsTheSameFrameworkAndRestartsNoTask() throws Exception {
        // b copies the tasks once at start (none yet) and not again: elected, it must catch up on all of them;
        // it reads the desired state once at start (no job yet) and not again until it is elected: acting
        // on that copy would kill the job's tasks as no longer desired
        b = SchedulerRunner.start(pg, master.uri(), gateway.uri(), "--borealis.leader.id=b",
                "--borealis.tasks.standby-follow-interval=1h", "--borealis.gateway.poll-interval=1h",
                "--borealis.gateway.resync-interval=1h");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.getBean(DesiredStateCache.class).current().isPresent());
        gateway.jobs(FakeGateway.service(JOB, 3, "sleep 600"));
        List<String> running = awaitRunning(b, 3);

        // only the leader subscribed; the standby knows who leads
        assertThat(master.calls(Call.Type.SUBSCRIBE)).hasSize(1);
        JsonNode seenByB = leader(b);
        assertThat(seenByB.path("holder").asString()).isEqualTo("a");
        assertThat(seenByB.path("self").asString()).isEqualTo("b");
        assertThat(seenByB.path("role").asString()).isEqualTo("STANDBY");
        long epoch = seenByB.path("epoch").asLong();
        assertThat(get(b, "/actuator/health").body()).contains("\"leader\"").contains("STANDBY");
        // operator writes on the standby: 503 not-leader, nothing changes
        HttpResponse<String> restart = post(b, "/api/v1/tasks/restart", "{\"job\":{\"role\":\"" + JOB.role()
                + "\",\"environment\":\"" + JOB.environment() + "\",\"name\":\"" + JOB.name() + "\"},\"instances\":[0]}");
        assertThat(restart.statusCode()).isEqualTo(503);
        assertThat(restart.body()).contains("not-leader");
        assertThat(post(b, "/api/v1/cluster/maintenance", "{\"hosts\":[\"host1\"],\"action\":\"DRAIN\"}").statusCode())
                .isEqualTo(503);
        assertThat(tasks(b)).filteredOn(t -> t.status() == TaskStatus.RUNNING).hasSize(3);
        String frameworkId = master.calls(Call.Type.SUBSCRIBE).get(0).getFrameworkId().getValue();
        frameworkId = frameworkId.isEmpty() ? master.calls(Call.Type.ACCEPT).get(0).getFrameworkId().getValue() : frameworkId;
        int accepts = master.calls(Call.Type.ACCEPT).size();
        int kills = master.calls(Call.Type.KILL).size();

        // the leader goes away: b subscribes with the same framework id and reconciles
        long stoppedAt = System.nanoTime();
        a.close();
        a = null;
        String expected = frameworkId;
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<Call> subscribes = master.calls(Call.Type.SUBSCRIBE);
            assertThat(subscribes).hasSize(2);
            assertThat(subscribes.get(1).getFrameworkId().getValue()).isEqualTo(expected);
        });
        log.info("Standby subscribed {} ms after the leader stopped", (System.nanoTime() - stoppedAt) / 1_000_000);
        await().atMost(Duration.ofSeconds(15)).until(() -> !master.calls(Call.Type.RECONCILE).isEmpty());
        JsonNode now = leader(b);
        assertThat(now.path("holder").asString()).isEqualTo("b");
        assertThat(now.path("role").asString()).isEqualTo("LEADER");
        assertThat(now.path("epoch").asLong()).isEqualTo(epoch + 1);

        // nothing was relaunched or killed by the failover, and the new leader keeps them running
        assertThat(awaitRunning(b, 3)).isEqualTo(running);
        assertThat(master.calls(Call.Type.ACCEPT)).hasSize(accepts);
        assertThat(master.calls(Call.Type.KILL)).hasSize(kills);

        // b led from its standby copy, brought up to date at election, and that copy is what is stored
        MeterRegistry meters = b.getBean(MeterRegistry.class);
        assertThat(meters.counter("borealis.leader.views", "source", "standby").count()).isEqualTo(1);
        assertThat(meters.counter("borealis.leader.views", "source", "database").count()).isZero();
        Map<String, TaskStatus> stored = new HashMap<>();
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT task_id, status FROM task"
                     + " WHERE status NOT IN ('FINISHED', 'FAILED', 'KILLED', 'LOST')")) {
            while (rows.next()) {
                stored.put(rows.getString(1), TaskStatus.valueOf(rows.getString(2)));
            }
        }
        Map<String, TaskStatus> inMemory = new HashMap<>();
        b.getBean(TaskQueries.class).nonTerminal().forEach(t -> inMemory.put(t.taskId(), t.status()));
        assertThat(inMemory).isEqualTo(stored).hasSize(3);

        // the new leader acts: a failed task is replaced
        master.fail(running.get(0));
        await().atMost(Duration.ofSeconds(15)).until(() -> tasks(b).stream()
                .anyMatch(t -> running.get(0).equals(t.ancestorId()) && t.status() == TaskStatus.RUNNING));
    }

    @Test
    void aDeposedLeaderWritesNothingAndTakesTheLeaseBackWhenItExpiresOrAtOnceWhenItsHolderDies() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> a.getBean(MesosConnection.class).isSubscribed());
        String frameworkId = a.getBean(MesosConnection.class).frameworkId();
        try (Connection intruder = pg.getPostgresDatabase().getConnection(); Statement sql = intruder.createStatement()) {
            // another instance takes the lease over while "a" is paused (epoch 2), marking its epoch first as
            // LeaderElection does, and then stops renewing while its session stays open (it is paused too)
            takeLease(sql, "intruder", 2, "4 seconds");
            TaskStore store = a.getBean(TaskStore.class);
            assertThatThrownBy(() -> store.createPending(JOB, 0, "v1", FakeGateway.service(JOB, 1, "sleep 1").configs().get("v1"),
                    null, 0, "written by a stale leader")).isInstanceOf(NotLeaderException.class);
            try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM task")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
            // "a" notices at its next renewal, steps down and leaves the subscription
            await().atMost(Duration.ofSeconds(3)).until(() -> "STANDBY".equals(leader(a).path("role").asString()));
            assertThat(a.getBean(MesosConnection.class).isSubscribed()).isFalse();
            assertThat(leader(a).path("holder").asString()).isEqualTo("intruder");
            Instant intruderExpiry = Instant.parse(leader(a).path("expiresAt").asString());
            int subscribes = master.calls(Call.Type.SUBSCRIBE).size();

            // the intruder's session lives on, so "a" waits for its lease to expire, then takes it (epoch 3)
            // and subscribes again as the same framework
            long deposedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(master.calls(Call.Type.SUBSCRIBE)).hasSize(subscribes + 1);
                assertThat(master.calls(Call.Type.SUBSCRIBE).get(subscribes).getFrameworkId().getValue()).isEqualTo(frameworkId);
            });
            log.info("Expired lease taken over and subscribed {} ms after the deposition", (System.nanoTime() - deposedAt) / 1_000_000);
            JsonNode now = leader(a);
            assertThat(now.path("holder").asString()).isEqualTo("a");
            assertThat(now.path("epoch").asLong()).isEqualTo(3);
            assertThat(Instant.parse(now.path("since").asString())).isAfterOrEqualTo(intruderExpiry);
        }

        // a second intruder takes it with a lease of an hour and dies: "a" does not wait for that hour
        try (Connection intruder = pg.getPostgresDatabase().getConnection(); Statement sql = intruder.createStatement()) {
            takeLease(sql, "intruder-2", 4, "1 hour");
            await().atMost(Duration.ofSeconds(3)).until(() -> "STANDBY".equals(leader(a).path("role").asString()));
            // alive, the holder keeps the lease
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> leader(a).path("epoch").asLong() == 4);
        }
        long diedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> "LEADER".equals(leader(a).path("role").asString()));
        log.info("Lease of a dead holder taken over {} ms after its session closed", (System.nanoTime() - diedAt) / 1_000_000);
        assertThat(leader(a).path("epoch").asLong()).isEqualTo(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.getBean(MesosConnection.class).isSubscribed());
    }

    /** Takes the lease at {@code epoch} as a LeaderElection would, marked on the given session. */
    private static void takeLease(Statement sql, String holder, long epoch, String lasting) throws Exception {
        // LeaderPresence.KEY: the advisory lock (KEY, epoch) marks the live leader of that epoch
        try (ResultSet marked = sql.executeQuery("SELECT pg_try_advisory_lock(" + 0x426f7265 + ", " + epoch + ")")) {
            marked.next();
            assertThat(marked.getBoolean(1)).isTrue();
        }
        assertThat(sql.executeUpdate("UPDATE leader_lease SET holder = '" + holder + "', epoch = " + epoch
                + ", since = now(), expires_at = now() + interval '" + lasting + "' WHERE name = 'scheduler'")).isEqualTo(1);
    }

    @Test
    void aProcessRestartedUnderTheSameIdLeadsWithANewEpochAndTheOldOneStaysFenced() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> a.getBean(MesosConnection.class).isSubscribed());
        String frameworkId = a.getBean(MesosConnection.class).frameworkId();
        long oldEpoch = leader(a).path("epoch").asLong();
        int subscribes = master.calls(Call.Type.SUBSCRIBE).size();

        // "a" restarted before its lease expired, while the old process still runs (paused, say)
        b = SchedulerRunner.start(pg, master.uri(), gateway.uri(), "--borealis.leader.id=a");
        await().atMost(Duration.ofSeconds(4)).until(() -> "LEADER".equals(leader(b).path("role").asString()));
        assertThat(leader(b).path("holder").asString()).isEqualTo("a");
        assertThat(leader(b).path("epoch").asLong()).isEqualTo(oldEpoch + 1);

        // the old process's writes are refused, and it steps down and leaves the subscription
        TaskStore old = a.getBean(TaskStore.class);
        assertThatThrownBy(() -> old.createPending(JOB, 0, "v1", FakeGateway.service(JOB, 1, "sleep 1").configs().get("v1"),
                null, 0, "written by the replaced process")).isInstanceOf(NotLeaderException.class);
        await().atMost(Duration.ofSeconds(3)).until(() -> "STANDBY".equals(leader(a).path("role").asString()));
        assertThat(a.getBean(MesosConnection.class).isSubscribed()).isFalse();
        // the new process subscribed as the same framework
        await().atMost(Duration.ofSeconds(10)).until(() -> b.getBean(MesosConnection.class).isSubscribed());
        assertThat(master.calls(Call.Type.SUBSCRIBE).subList(subscribes, master.calls(Call.Type.SUBSCRIBE).size()))
                .allSatisfy(c -> assertThat(c.getFrameworkId().getValue()).isEqualTo(frameworkId));

        // and the two never take the lease from each other again: well past a lease, the epoch has not moved
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9)).until(() ->
                leader(b).path("epoch").asLong() == oldEpoch + 1
                        && "LEADER".equals(leader(b).path("role").asString())
                        && "STANDBY".equals(leader(a).path("role").asString()));
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM task")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    /**
     * A write transaction holds the leader's fence for longer than a lease: the leader still renews
     * (the fence's lock does not conflict with the renewal) and the standby does not take over. Once
     * the lease does run out, the takeover waits for that transaction, and only then moves the epoch.
     */
    @Test
    void aLongWriteTransactionNeitherDelaysTheRenewalNorLetsATakeoverPassIt() throws Exception {
        b = SchedulerRunner.start(pg, master.uri(), gateway.uri(), "--borealis.leader.id=b");
        await().atMost(Duration.ofSeconds(10)).until(() -> "STANDBY".equals(leader(b).path("role").asString()));
        long epoch = leader(a).path("epoch").asLong();
        TransactionTemplate transactions = new TransactionTemplate(a.getBean(PlatformTransactionManager.class));
        CountDownLatch fenced = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread writer = new Thread(() -> transactions.executeWithoutResult(status -> {
            a.getBean(LeaderFence.class).check(); // as every write transaction does, then it takes long
            fenced.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), "long-writer");
        writer.start();
        try {
            assertThat(fenced.await(10, TimeUnit.SECONDS)).isTrue();
            // well past a 5 s lease: a renews every second, b stands by
            await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9)).until(() ->
                    leader(a).path("epoch").asLong() == epoch && "LEADER".equals(leader(a).path("role").asString())
                            && "STANDBY".equals(leader(b).path("role").asString()));

            // a steps down (it hands the lease back and drops its presence mark) while the write is still
            // open: b may take over at once, but must wait for that transaction first
            a.getBean(LeaderElection.class).stop();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                    "STANDBY".equals(leader(b).path("role").asString()));
        } finally {
            Instant committed = Instant.now();
            finish.countDown();
            writer.join(10_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> "LEADER".equals(leader(b).path("role").asString()));
            assertThat(leader(b).path("epoch").asLong()).isEqualTo(epoch + 1);
            assertThat(Instant.parse(leader(b).path("since").asString())).isAfterOrEqualTo(committed.minusMillis(50));
        }
    }

    private List<String> awaitRunning(ConfigurableApplicationContext context, int count) {
        return await().atMost(Duration.ofSeconds(15)).until(
                () -> tasks(context).stream().filter(t -> t.status() == TaskStatus.RUNNING).map(TaskView::taskId).sorted().toList(),
                tasks -> tasks.size() == count);
    }

    private List<TaskView> tasks(ConfigurableApplicationContext context) throws Exception {
        HttpResponse<String> response = get(context, "/api/v1/jobs/" + JOB.path() + "/tasks");
        return response.statusCode() == 404 ? List.of() : json.readValue(response.body(), new TypeReference<List<TaskView>>() { });
    }

    private JsonNode leader(ConfigurableApplicationContext context) throws Exception {
        HttpResponse<String> response = get(context, "/api/v1/cluster/leader");
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> post(ConfigurableApplicationContext context, String path, String body) throws Exception {
        URI uri = SchedulerRunner.baseUri(context).resolve(path);
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
        URI uri = SchedulerRunner.baseUri(context).resolve(path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
