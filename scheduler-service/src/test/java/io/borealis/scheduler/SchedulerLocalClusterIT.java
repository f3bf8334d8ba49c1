package io.borealis.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real thing: scheduler-service on PostgreSQL against the local cluster running tasks as real
 * processes. A killed process is replaced; a scheduler restart restarts no task; a removed job's
 * tasks are killed.
 */
class SchedulerLocalClusterIT {

    private static final Logger log = LoggerFactory.getLogger(SchedulerLocalClusterIT.class);
    private static final JobKey JOB = new JobKey("web", "prod", "sleeper");
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
        scheduler = SchedulerRunner.start(pg, cluster.masterUri(), gateway.uri());
    }

    @AfterEach
    void stop() throws Exception {
        SchedulerRunner.closeAll(scheduler, cluster, gateway, pg);
    }

    @Test
    void runsReplacesSurvivesRestartAndKills() throws Exception {
        gateway.jobs(FakeGateway.service(JOB, 3, "exec sleep 600"));
        List<TaskView> running = awaitRunning(3);
        running.forEach(t -> assertThat(cluster.taskState(t.taskId())).hasValue("TASK_RUNNING"));

        // kill -9 one task's process: a replacement runs, linked to it
        TaskView victim = running.get(0);
        OptionalLong pid = await().atMost(Duration.ofSeconds(10)).until(() -> cluster.pid(victim.taskId()), OptionalLong::isPresent);
        Instant killedAt = Instant.now();
        ProcessHandle.of(pid.getAsLong()).ifPresent(ProcessHandle::destroyForcibly);
        TaskView replacement = await().atMost(Duration.ofSeconds(15)).until(
                () -> tasks().stream().filter(t -> victim.taskId().equals(t.ancestorId()) && t.status() == TaskStatus.RUNNING)
                        .findFirst(), Optional::isPresent).get();
        log.info("Replacement {} RUNNING {} ms after the kill", replacement.taskId(),
                Duration.between(killedAt, Instant.now()).toMillis());
        assertThat(replacement.instance()).isEqualTo(victim.instance());
        List<String> before = awaitRunning(3).stream().map(TaskView::taskId).sorted().toList();
        Map<String, Long> pids = before.stream().collect(java.util.stream.Collectors.toMap(id -> id,
                id -> cluster.pid(id).orElse(-1)));

        // restart the scheduler: the same tasks keep running, with the same processes
        scheduler.close();
        scheduler = SchedulerRunner.start(pg, cluster.masterUri(), gateway.uri());
        assertThat(awaitRunning(3).stream().map(TaskView::taskId).sorted().toList()).isEqualTo(before);
        before.forEach(id -> assertThat(cluster.pid(id).orElse(-2)).isEqualTo(pids.get(id)));

        // the job is removed: all its tasks are killed
        gateway.jobs();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(tasks()).filteredOn(t -> !t.status().isTerminal()).isEmpty());
        before.forEach(id -> assertThat(cluster.lastState(id)).hasValue("TASK_KILLED"));
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
