package io.borealis.scheduler.task;

import static io.borealis.api.task.TaskStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import io.borealis.api.job.JobView;
import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.task.InstancePlanner.Action;
import io.borealis.scheduler.task.InstancePlanner.TaskFacts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstancePlannerTest {

    private static final JobKey JOB = new JobKey("web", "prod", "hello");
    private final InstancePlanner planner = new InstancePlanner();

    @Test
    void missingInstancesGetPendingTasks() {
        List<Action> actions = planner.plan(List.of(job(JobKind.SERVICE, 3, "v1", null)), List.of(), List.of());
        assertThat(actions).hasSize(3).allMatch(a -> a instanceof Action.Create c && c.ancestorId() == null
                && c.configVersion().equals("v1"));
    }

    @Test
    void aRunningTaskOfTheDesiredVersionIsLeftAlone() {
        TaskFacts running = task("t0", 0, "v1", RUNNING, 0);
        assertThat(planner.plan(List.of(job(JobKind.SERVICE, 1, "v1", null)), List.of(running), List.of(running))).isEmpty();
    }

    @Test
    void aDeadServiceTaskIsReplacedAndLinked() {
        TaskFacts failed = task("t0", 0, "v1", FAILED, 2);
        List<Action> actions = planner.plan(List.of(job(JobKind.SERVICE, 1, "v1", null)), List.of(), List.of(failed));
        assertThat(actions).singleElement().isInstanceOfSatisfying(Action.Create.class, c -> {
            assertThat(c.ancestorId()).isEqualTo("t0");
            assertThat(c.failureCount()).isEqualTo(2);
        });
    }

    @Test
    void aTaskOfAnOldVersionIsKilledThenReplacedWithAFreshFailureCount() {
        TaskFacts old = task("t0", 0, "v1", RUNNING, 1);
        assertThat(planner.plan(List.of(job(JobKind.SERVICE, 1, "v2", null)), List.of(old), List.of(old)))
                .containsExactly(new Action.Kill("t0", "config version changed to v2"));

        TaskFacts killing = task("t0", 0, "v1", KILLING, 1);
        assertThat(planner.plan(List.of(job(JobKind.SERVICE, 1, "v2", null)), List.of(killing), List.of(killing))).isEmpty();

        TaskFacts killed = task("t0", 0, "v1", KILLED, 1);
        assertThat(planner.plan(List.of(job(JobKind.SERVICE, 1, "v2", null)), List.of(), List.of(killed)))
                .singleElement().isInstanceOfSatisfying(Action.Create.class, c -> {
                    assertThat(c.configVersion()).isEqualTo("v2");
                    assertThat(c.ancestorId()).isEqualTo("t0");
                    assertThat(c.failureCount()).isZero();
                });
    }

    @Test
    void tasksOfUndesiredJobsAndInstancesAreKilledOnce() {
        TaskFacts extra = task("t5", 5, "v1", RUNNING, 0);
        TaskFacts alreadyKilling = task("t6", 6, "v1", KILLING, 0);
        TaskFacts pending = new TaskFacts("x0", new JobKey("web", "prod", "gone"), 0, "v1", PENDING, 0);
        List<Action> actions = planner.plan(List.of(), List.of(extra, alreadyKilling, pending), List.of());
        assertThat(actions).containsExactlyInAnyOrder(new Action.Kill("t5", "instance no longer desired"),
                new Action.Kill("x0", "instance no longer desired"));
    }

    @Test
    void batchTasksAreNotReplacedAfterFinishingNorBeyondMaxFailures() {
        JobView batch = job(JobKind.BATCH, 1, "v1", 2);
        assertThat(planner.plan(List.of(batch), List.of(), List.of(task("t0", 0, "v1", FINISHED, 0)))).isEmpty();
        assertThat(planner.plan(List.of(batch), List.of(), List.of(task("t0", 0, "v1", FAILED, 1)))).hasSize(1);
        assertThat(planner.plan(List.of(batch), List.of(), List.of(task("t0", 0, "v1", FAILED, 2)))).isEmpty();
        assertThat(planner.plan(List.of(batch), List.of(), List.of(task("t0", 0, "v1", LOST, 2)))).hasSize(1);
        JobView forever = job(JobKind.BATCH, 1, "v1", -1);
        assertThat(planner.plan(List.of(forever), List.of(), List.of(task("t0", 0, "v1", FAILED, 99)))).hasSize(1);
    }

    @Test
    void duplicatesKeepTheTaskFurthestAlong() {
        TaskFacts pending = task("t1", 0, "v1", PENDING, 0);
        TaskFacts running = task("t0", 0, "v1", RUNNING, 0);
        assertThat(planner.plan(List.of(job(JobKind.SERVICE, 1, "v1", null)), List.of(pending, running), List.of(pending)))
                .containsExactly(new Action.Kill("t1", "duplicate task for the instance"));
    }

    private static TaskFacts task(String id, int instance, String version, TaskStatus status, int failures) {
        return new TaskFacts(id, JOB, instance, version, status, failures);
    }

    private static JobView job(JobKind kind, int instances, String version, Integer maxFailures) {
        TaskConfig config = new TaskConfig("sleep 600", Map.of(), new Resources(0.1, 16, 0, List.of()), null, List.of(),
                null, 0, false, maxFailures, 1);
        Map<Integer, String> map = new java.util.HashMap<>();
        for (int i = 0; i < instances; i++) {
            map.put(i, version);
        }
        return new JobView(JOB, kind, instances, null, Map.of(version, config), map, null, null);
    }
}
