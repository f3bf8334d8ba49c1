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
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Explicit reconciliation after a subscription, against a scripted master that leaves one task's
 * question unanswered: the first RECONCILE names every placed non-terminal task, later ones only
 * the task still without a status, and asking stops once it answers; the health component
 * "reconciliation" shows the round's progress.
 */
class SchedulerReconciliationIT extends FakeMasterTest {

    private static final JobKey JOB = new JobKey("web", "prod", "hello");
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    protected String[] schedulerArgs() {
        return new String[] {"--borealis.reconciliation.explicit-retry-min=200ms",
                "--borealis.reconciliation.explicit-retry-max=400ms",
                "--borealis.reconciliation.implicit-interval=1h",
                "--borealis.tasks.transient-timeout=1s"};
    }

    @Test
    void asksAgainOnlyForTasksWithoutAnAnswerUntilEveryTaskAnswered() throws Exception {
        gateway.jobs(FakeGateway.service(JOB, 3, "sleep 600"));
        List<String> running = await().atMost(Duration.ofSeconds(15)).until(
                () -> tasks().stream().filter(t -> t.status() == TaskStatus.RUNNING).map(TaskView::taskId).sorted().toList(),
                ids -> ids.size() == 3);
        String silent = running.get(1);

        scheduler.close();
        master.dropSubscription();
        master.leaveReconciliationUnanswered(silent);
        int before = master.calls().size();
        scheduler = startScheduler();

        await().atMost(Duration.ofSeconds(15)).until(() -> explicitAsks(before).size() >= 3);
        List<List<String>> asks = explicitAsks(before);
        assertThat(asks.get(0)).as("the first ask names every placed task").containsExactlyInAnyOrderElementsOf(running);
        assertThat(asks.subList(1, asks.size())).as("later asks name only the silent task").allSatisfy(
                ask -> assertThat(ask).containsExactly(silent));
        JsonNode progress = reconciliation();
        assertThat(progress.get("asked").asInt()).isEqualTo(3);
        assertThat(progress.get("outstanding").asInt()).isEqualTo(1);
        assertThat(progress.has("completedAt")).isFalse();

        master.answerReconciliation();
        await().atMost(Duration.ofSeconds(10)).until(() -> reconciliation().has("completedAt"));
        assertThat(reconciliation().get("outstanding").asInt()).isZero();
        int asked = explicitAsks(before).size();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> explicitAsks(before).size() == asked);
        assertThat(tasks().stream().filter(t -> t.status() == TaskStatus.RUNNING).map(TaskView::taskId).sorted().toList())
                .as("reconciliation restarted nothing").isEqualTo(running);
    }

    /** The task ids of each explicit RECONCILE call sent after the first {@code skip} calls. */
    private List<List<String>> explicitAsks(int skip) {
        List<Call> calls = master.calls();
        return calls.subList(skip, calls.size()).stream()
                .filter(c -> c.getType() == Call.Type.RECONCILE && c.getReconcile().getTasksCount() > 0)
                .map(c -> c.getReconcile().getTasksList().stream().map(t -> t.getTaskId().getValue()).toList())
                .toList();
    }

    private JsonNode reconciliation() throws Exception {
        JsonNode health = json.readTree(get("/actuator/health").body());
        return health.get("components").get("reconciliation").get("details");
    }

    private List<TaskView> tasks() throws Exception {
        return SchedulerRunner.tasks(scheduler, JOB);
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = SchedulerRunner.baseUri(scheduler).resolve(path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTaskStuckStartingIsAskedAboutThenPresumedLostAndReplaced() throws Exception {
        master.stallLaunchesAtStarting();
        gateway.jobs(FakeGateway.service(JOB, 1, "sleep 600"));
        String stuck = await().atMost(Duration.ofSeconds(15)).until(() -> SchedulerRunner.tasks(scheduler, JOB),
                tasks -> tasks.size() == 1 && tasks.get(0).status() == TaskStatus.STARTING).get(0).taskId();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<TaskView> tasks = SchedulerRunner.tasks(scheduler, JOB);
            assertThat(tasks).filteredOn(t -> t.taskId().equals(stuck)).singleElement().satisfies(t -> {
                assertThat(t.status()).isEqualTo(TaskStatus.LOST);
                assertThat(t.events()).anySatisfy(e -> assertThat(e.message()).contains("stuck STARTING"));
            });
            assertThat(tasks).filteredOn(t -> stuck.equals(t.ancestorId())).hasSize(1);
        });
        // it was asked about before it was given up
        assertThat(master.calls(Call.Type.RECONCILE)).anySatisfy(call -> assertThat(call.getReconcile().getTasksList())
                .anySatisfy(t -> assertThat(t.getTaskId().getValue()).isEqualTo(stuck)));
        // and a KILL went out in case it does run somewhere after all
        assertThat(master.calls(Call.Type.KILL)).anySatisfy(call ->
                assertThat(call.getKill().getTaskId().getValue()).isEqualTo(stuck));
    }
}
