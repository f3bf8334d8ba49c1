package io.borealis.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import io.borealis.api.job.JobView;
import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.task.TaskEventView;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Preemption against the scripted master with one small agent (1 cpu, 512 MB) whose offers show only
 * what is free: a production job that does not fit preempts a preemptible job's tasks.
 */
class SchedulerPreemptionIT extends FakeMasterTest {

    private static final JobKey BATCH = new JobKey("ml", "devel", "train");
    private static final JobKey PROD = new JobKey("web", "prod", "frontend");
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    protected FakeMaster master() throws IOException {
        return new FakeMaster(1, 1.0, 512, true);
    }

    @Override
    protected String[] schedulerArgs() {
        return new String[] {"--borealis.preemption.interval=500ms"};
    }

    @Test
    void aProductionTaskThatDoesNotFitPreemptsLowerPriorityPreemptibleTasksOfAnotherJob() throws Exception {
        JobView batch = job(BATCH, 4, "preemptible", 0, false, 0.25, 128);
        gateway.jobs(batch);
        List<TaskView> victimsBefore = await().atMost(Duration.ofSeconds(15)).until(() -> running(BATCH), t -> t.size() == 4);

        gateway.jobs(batch, job(PROD, 1, "preferred", 10, true, 0.5, 256));

        // the production task runs on the (only) agent, after two victims were preempted
        TaskView prod = await().atMost(Duration.ofSeconds(20)).until(() -> running(PROD), t -> t.size() == 1).get(0);
        assertThat(prod.host()).isEqualTo("host1");

        List<TaskView> batchTasks = tasks(BATCH);
        Set<String> originalIds = victimsBefore.stream().map(TaskView::taskId).collect(Collectors.toSet());
        List<TaskView> preempted = batchTasks.stream().filter(t -> originalIds.contains(t.taskId()))
                .filter(t -> t.events().stream().anyMatch(e -> e.status() == TaskStatus.PREEMPTING)).toList();
        assertThat(preempted).hasSize(2).allSatisfy(victim -> {
            assertThat(victim.status()).isEqualTo(TaskStatus.KILLED);
            assertThat(victim.events()).extracting(TaskEventView::status)
                    .containsSubsequence(TaskStatus.RUNNING, TaskStatus.PREEMPTING, TaskStatus.KILLED);
            // PREEMPTING was committed before the production task was placed
            assertThat(at(victim, TaskStatus.PREEMPTING)).isBefore(at(prod, TaskStatus.ASSIGNED));
        });
        // the KILLs were sent for exactly the victims
        Set<String> killed = master.calls(Call.Type.KILL).stream().map(c -> c.getKill().getTaskId().getValue())
                .collect(Collectors.toSet());
        assertThat(killed).containsExactlyInAnyOrderElementsOf(preempted.stream().map(TaskView::taskId).toList());

        // each victim has a replacement, PENDING (nowhere to go now), linked, not counted as a failure
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, TaskView> byAncestor = new HashMap<>();
            tasks(BATCH).stream().filter(t -> t.ancestorId() != null).forEach(t -> byAncestor.put(t.ancestorId(), t));
            for (TaskView victim : preempted) {
                TaskView replacement = byAncestor.get(victim.taskId());
                assertThat(replacement).as("replacement of %s", victim.taskId()).isNotNull();
                assertThat(replacement.status()).isEqualTo(TaskStatus.PENDING);
                assertThat(replacement.failureCount()).isZero();
            }
        });
        // the two survivors still run, and the production task was never a victim
        assertThat(running(BATCH)).hasSize(2);
        assertThat(tasks(PROD)).hasSize(1);
    }

    private static JobView job(JobKey key, int instances, String tier, int priority, boolean production, double cpus,
                               int memMb) {
        TaskConfig config = new TaskConfig("sleep 600", Map.of(), new Resources(cpus, memMb, 16, List.of()), null,
                List.of(), tier, priority, production, null, 1);
        Map<Integer, String> map = new HashMap<>();
        for (int i = 0; i < instances; i++) {
            map.put(i, "v1");
        }
        return new JobView(key, JobKind.SERVICE, instances, null, Map.of("v1", config), map, Instant.EPOCH, Instant.EPOCH);
    }

    private static Instant at(TaskView task, TaskStatus status) {
        return task.events().stream().filter(e -> e.status() == status).map(TaskEventView::time).findFirst().orElseThrow();
    }

    private List<TaskView> running(JobKey job) throws Exception {
        return tasks(job).stream().filter(t -> t.status() == TaskStatus.RUNNING).toList();
    }

    private List<TaskView> tasks(JobKey job) throws Exception {
        URI uri = SchedulerRunner.baseUri(scheduler).resolve("/api/v1/jobs/" + job.path() + "/tasks");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 404 ? List.of()
                : json.readValue(response.body(), new TypeReference<List<TaskView>>() { });
    }
}
