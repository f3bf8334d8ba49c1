package io.borealis.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agent is cut off and comes back, with real processes: its tasks go UNREACHABLE (PARTITIONED),
 * are given up on after the partition timeout (LOST) and replaced elsewhere, while their processes
 * run on, as on a partitioned Mesos agent. When the agent returns, reconciliation finds them alive
 * and the scheduler kills them (Mesos leaves that decision to a partition-aware framework): every
 * instance ends with exactly one RUNNING task, in our store and on the master.
 */
class SchedulerReturningAgentIT {

    private static final JobKey JOB = new JobKey("web", "prod", "returning");
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private LocalCluster cluster;
    private EmbeddedPostgres pg;
    private FakeGateway gateway;
    private ConfigurableApplicationContext scheduler;

    @BeforeEach
    void start() throws Exception {
        Optional<LocalCluster> started = LocalCluster.start(Map.of("borealis.cluster.agents", "3"));
        assumeTrue(started.isPresent(), "io.borealis.cluster.LocalClusterLauncher is not on the test class path");
        cluster = started.get();
        pg = EmbeddedPostgres.builder().start();
        gateway = new FakeGateway();
        scheduler = SchedulerRunner.start(pg, cluster.masterUri(), gateway.uri(),
                "--borealis.reconciliation.partition-timeout=2s", "--borealis.reconciliation.implicit-interval=2s");
    }

    @AfterEach
    void stop() throws Exception {
        SchedulerRunner.closeAll(scheduler, cluster, gateway, pg);
    }

    @Test
    void tasksOfAnAgentThatReturnsAfterTheirReplacementAreKilled() throws Exception {
        gateway.jobs(FakeGateway.service(JOB, 4, "exec sleep 600"));
        List<TaskView> running = awaitRunning(4);
        String agent = running.get(0).agentId();
        List<TaskView> cutOff = running.stream().filter(t -> agent.equals(t.agentId())).toList();
        Map<String, Long> pids = new HashMap<>();
        for (TaskView task : cutOff) {
            pids.put(task.taskId(), await().atMost(Duration.ofSeconds(10)).until(() -> cluster.pid(task.taskId()),
                    p -> p.isPresent()).getAsLong());
        }

        assertThat(operator(agent, "stop")).isEqualTo(200);

        // UNREACHABLE → PARTITIONED → (partition timeout) LOST → replaced on the other agents
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<TaskView> tasks = tasks();
            for (TaskView old : cutOff) {
                assertThat(status(tasks, old.taskId())).isEqualTo(TaskStatus.LOST);
                assertThat(tasks).filteredOn(t -> old.taskId().equals(t.ancestorId())).singleElement()
                        .satisfies(t -> {
                            assertThat(t.status()).isEqualTo(TaskStatus.RUNNING);
                            assertThat(t.agentId()).isNotEqualTo(agent);
                        });
            }
        });
        assertThat(tasks()).extracting(TaskView::status).contains(TaskStatus.LOST);
        assertThat(history(cutOff.get(0).taskId())).contains(TaskStatus.PARTITIONED, TaskStatus.LOST);
        // cut off, not dead: the processes run on
        pids.values().forEach(pid -> assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue()));

        assertThat(operator(agent, "start")).isEqualTo(200);

        // reconciliation finds them running; they were replaced, so the scheduler kills them
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (TaskView old : cutOff) {
                assertThat(cluster.lastState(old.taskId())).hasValue("TASK_KILLED");
            }
        });
        pids.values().forEach(pid -> await().atMost(Duration.ofSeconds(10)).until(() ->
                ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)));

        // every instance: exactly one RUNNING task, here and on the master
        List<TaskView> now = awaitRunning(4);
        assertThat(now).extracting(TaskView::instance).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(masterRunning()).containsExactlyInAnyOrderElementsOf(now.stream().map(TaskView::taskId).toList());
        assertThat(tasks()).filteredOn(t -> cutOff.stream().anyMatch(c -> c.taskId().equals(t.taskId())))
                .allSatisfy(t -> assertThat(t.status().isTerminal()).isTrue());
    }

    private int operator(String agentId, String verb) throws Exception {
        URI uri = cluster.masterUri().resolve("/api/v1/cluster/agents/" + agentId + "/" + verb);
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The ids of the tasks the master has RUNNING ({@code GET /master/state}). */
    private List<String> masterRunning() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(cluster.masterUri().resolve("/master/state"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        List<String> ids = new ArrayList<>();
        for (JsonNode framework : json.readTree(response.body()).path("frameworks")) {
            for (JsonNode task : framework.path("tasks")) {
                if ("TASK_RUNNING".equals(task.path("state").asString())) {
                    ids.add(task.path("id").asString());
                }
            }
        }
        return ids;
    }

    private List<TaskStatus> history(String taskId) throws Exception {
        return tasks().stream().filter(t -> t.taskId().equals(taskId)).findFirst().orElseThrow()
                .events().stream().map(e -> e.status()).toList();
    }

    private static TaskStatus status(List<TaskView> tasks, String taskId) {
        return tasks.stream().filter(t -> t.taskId().equals(taskId)).map(TaskView::status).findFirst().orElse(null);
    }

    private List<TaskView> awaitRunning(int count) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> tasks().stream().filter(t -> t.status() == TaskStatus.RUNNING).toList(),
                tasks -> tasks.size() == count);
    }

    private List<TaskView> tasks() throws Exception {
        return SchedulerRunner.tasks(scheduler, JOB);
    }
}
