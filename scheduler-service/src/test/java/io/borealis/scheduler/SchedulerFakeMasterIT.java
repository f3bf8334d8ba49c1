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
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * scheduler-service on real PostgreSQL against a scripted master: the protocol (subscribe, accept,
 * acknowledge, kill, reconcile, re-subscribe with the stored framework id) and the task lifecycle.
 */
class SchedulerFakeMasterIT extends FakeMasterTest {

    private static final JobKey JOB = new JobKey("web", "prod", "hello");
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void keepsDesiredInstancesRunningAndSurvivesARestart() throws Exception {
        gateway.jobs(FakeGateway.service(JOB, 3, "sleep 600"));
        List<TaskView> running = awaitRunning(3);
        assertThat(running).extracting(TaskView::instance).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(running).allSatisfy(t -> assertThat(t.ports()).containsOnlyKeys("http"));

        Call accept = master.calls(Call.Type.ACCEPT).get(0);
        var launched = accept.getAccept().getOperations(0).getLaunch().getTaskInfos(0);
        assertThat(launched.getCommand().getEnvironment().getVariablesList())
                .extracting(v -> v.getName()).contains("PORT_HTTP", "PORT0", "BOREALIS_INSTANCE", "BOREALIS_TASK_ID",
                        "BOREALIS_JOB", "BOREALIS_CONFIG_VERSION", "GREETING");
        assertThat(master.calls(Call.Type.ACKNOWLEDGE)).isNotEmpty();
        assertThat(master.calls(Call.Type.ACCEPT)).allSatisfy(c -> assertThat(c.getFrameworkId().getValue()).startsWith("fw-"));

        // a task dies: its replacement runs, linked to it
        TaskView victim = running.get(0);
        master.fail(victim.taskId());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<TaskView> tasks = tasks();
            assertThat(tasks).filteredOn(t -> t.taskId().equals(victim.taskId())).singleElement()
                    .satisfies(t -> assertThat(t.status()).isEqualTo(TaskStatus.FAILED));
            assertThat(tasks).filteredOn(t -> victim.taskId().equals(t.ancestorId())).singleElement()
                    .satisfies(t -> {
                        assertThat(t.status()).isEqualTo(TaskStatus.RUNNING);
                        assertThat(t.instance()).isEqualTo(victim.instance());
                        assertThat(t.failureCount()).isEqualTo(1);
                    });
        });
        List<String> before = awaitRunning(3).stream().map(TaskView::taskId).sorted().toList();

        // the scheduler restarts: same framework id, same tasks, nothing relaunched
        String frameworkId = master.calls(Call.Type.ACCEPT).get(0).getFrameworkId().getValue();
        int accepts = master.calls(Call.Type.ACCEPT).size();
        scheduler.close();
        master.dropSubscription();
        scheduler = startScheduler();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Call> subscribes = master.calls(Call.Type.SUBSCRIBE);
            Call last = subscribes.get(subscribes.size() - 1);
            assertThat(last.getFrameworkId().getValue()).isEqualTo(frameworkId);
            assertThat(last.getSubscribe().getFrameworkInfo().getId().getValue()).isEqualTo(frameworkId);
            assertThat(master.calls(Call.Type.RECONCILE)).isNotEmpty();
        });
        assertThat(awaitRunning(3).stream().map(TaskView::taskId).sorted().toList()).isEqualTo(before);
        assertThat(master.calls(Call.Type.ACCEPT)).hasSize(accepts);

        // the job goes away: every task is killed, none replaced
        gateway.jobs();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(tasks()).filteredOn(t -> !t.status().isTerminal()).isEmpty());
        assertThat(master.calls(Call.Type.KILL)).hasSizeGreaterThanOrEqualTo(3);
    }

    /**
     * Status updates are written with versioned JDBC UPDATEs on copies of the leader's view. A row
     * changed behind the view's back makes the batch fail once; the view is then reloaded and the
     * update applied (Mesos would resend an unacknowledged one forever otherwise).
     */
    @Test
    void anUpdateOfATaskChangedBehindTheViewIsAppliedAfterTheViewIsReloaded() throws Exception {
        gateway.jobs(FakeGateway.service(JOB, 1, "sleep 600"));
        TaskView victim = awaitRunning(1).get(0);
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement sql = db.createStatement()) {
            assertThat(sql.executeUpdate("UPDATE task SET version = version + 1 WHERE task_id = '" + victim.taskId() + "'"))
                    .isEqualTo(1);
        }
        int acks = master.calls(Call.Type.ACKNOWLEDGE).size();
        master.fail(victim.taskId());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<TaskView> tasks = tasks();
            assertThat(tasks).filteredOn(t -> t.taskId().equals(victim.taskId())).singleElement()
                    .satisfies(t -> assertThat(t.status()).isEqualTo(TaskStatus.FAILED));
            assertThat(tasks).filteredOn(t -> victim.taskId().equals(t.ancestorId())).singleElement()
                    .satisfies(t -> assertThat(t.status()).isEqualTo(TaskStatus.RUNNING));
        });
        assertThat(master.calls(Call.Type.ACKNOWLEDGE).size()).isGreaterThan(acks);
    }

    /** ACCEPTs go out after the round, outside the state lock; a launch the master refused is LOST and replaced. */
    @Test
    void aLaunchTheMasterRefusedIsLostAndReplaced() {
        master.refuse(Call.Type.ACCEPT, 1);
        gateway.jobs(FakeGateway.service(JOB, 1, "sleep 600"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<TaskView> tasks = tasks();
            assertThat(tasks).filteredOn(t -> t.status() == TaskStatus.LOST).singleElement()
                    .satisfies(t -> assertThat(t.events()).last().satisfies(e ->
                            assertThat(e.message()).isEqualTo("launch could not be sent to Mesos")));
            assertThat(tasks).filteredOn(t -> t.status() == TaskStatus.RUNNING).singleElement()
                    .satisfies(t -> assertThat(t.instance()).isZero());
        });
        assertThat(master.calls(Call.Type.ACCEPT)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void unknownTasksAreKilledAndProblemsAreServed() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> !master.calls(Call.Type.DECLINE).isEmpty());
        master.strayUpdate("stray-task");
        await().atMost(Duration.ofSeconds(10)).until(() -> master.calls(Call.Type.KILL).stream()
                .anyMatch(c -> c.getKill().getTaskId().getValue().equals("stray-task")));

        HttpResponse<String> missing = get("/api/v1/tasks/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        assertThat(get("/api/v1/jobs/web/prod/nothing/tasks").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/jobs/web/prod/bad%20name/tasks").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/tasks/counts").statusCode()).isEqualTo(200);
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"mesos\"").contains("frameworkId");
    }

    @Test
    void aSilentSubscriptionIsDroppedAndRenewedWithTheSameFrameworkId() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !master.calls(Call.Type.DECLINE).isEmpty());
        master.goSilent();
        master.dropSubscription();
        // second subscription: 0.2 s heartbeat, then silence → dropped after ~1 s → a third subscription
        await().atMost(Duration.ofSeconds(15)).until(() -> master.calls(Call.Type.SUBSCRIBE).size() >= 3);
        List<Call> subscribes = master.calls(Call.Type.SUBSCRIBE);
        String frameworkId = subscribes.get(1).getFrameworkId().getValue();
        assertThat(frameworkId).startsWith("fw-");
        assertThat(subscribes.get(2).getFrameworkId().getValue()).isEqualTo(frameworkId);
    }

    private List<TaskView> awaitRunning(int count) {
        return await().atMost(Duration.ofSeconds(15)).until(
                () -> tasks().stream().filter(t -> t.status() == TaskStatus.RUNNING).toList(),
                tasks -> tasks.size() == count);
    }

    private List<TaskView> tasks() throws Exception {
        return SchedulerRunner.tasks(scheduler, JOB);
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = SchedulerRunner.baseUri(scheduler).resolve(path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
