package io.borealis.scheduler.maintenance;

import static io.borealis.api.task.TaskStatus.ASSIGNED;
import static io.borealis.api.task.TaskStatus.DRAINING;
import static io.borealis.api.task.TaskStatus.PENDING;
import static io.borealis.api.task.TaskStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.maintenance.DrainPlanner.TaskFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DrainPlannerTest {

    private final DrainPlanner planner = new DrainPlanner(0.2);

    @Test
    void movesAtMostTheShareOfAJobAtOnce() {
        List<TaskFacts> live = job("a", 10, "h1");
        DrainPlanner.Plan plan = planner.plan(Set.of("h1"), live, Map.of("a", 10));
        assertThat(plan.drainNow()).hasSize(2);
        assertThat(plan.drained()).isEmpty();
    }

    @Test
    void instancesAlreadyDownUseUpTheShare() {
        List<TaskFacts> live = new ArrayList<>(job("a", 9, "h1"));
        live.add(new TaskFacts("a-9", "a", 9, PENDING, null));
        assertThat(planner.plan(Set.of("h1"), live, Map.of("a", 10)).drainNow()).hasSize(1);
        // an instance with no task at all (between KILLED and its replacement) is down too
        assertThat(planner.plan(Set.of("h1"), job("a", 9, "h1"), Map.of("a", 10)).drainNow()).hasSize(1);
        List<TaskFacts> twoDown = new ArrayList<>(job("a", 8, "h1"));
        twoDown.add(new TaskFacts("a-8", "a", 8, DRAINING, "h1"));
        assertThat(planner.plan(Set.of("h1"), twoDown, Map.of("a", 10)).drainNow()).isEmpty();
    }

    @Test
    void aSmallJobStillDrainsOneAtATime() {
        assertThat(planner.plan(Set.of("h1"), job("a", 3, "h1"), Map.of("a", 3)).drainNow()).hasSize(1);
        assertThat(new DrainPlanner(0).plan(Set.of("h1"), job("a", 3, "h1"), Map.of("a", 3)).drainNow()).hasSize(1);
    }

    @Test
    void tasksNotRunningMoveFreelyAndOnlyDrainingHostsAreTouched() {
        List<TaskFacts> live = new ArrayList<>(job("a", 5, "h2"));
        live.add(new TaskFacts("b-0", "b", 0, ASSIGNED, "h1"));
        live.add(new TaskFacts("b-1", "b", 1, ASSIGNED, "h1"));
        DrainPlanner.Plan plan = planner.plan(Set.of("h1", "h3"), live, Map.of("a", 5, "b", 2));
        assertThat(plan.drainNow()).containsExactly("b-0", "b-1");
        assertThat(plan.drained()).containsExactly("h3");
    }

    @Test
    void aHostIsDrainedWhenNoTaskIsLeftOnIt() {
        List<TaskFacts> live = List.of(new TaskFacts("a-0", "a", 0, DRAINING, "h1"), new TaskFacts("a-1", "a", 1, RUNNING, "h2"));
        assertThat(planner.plan(Set.of("h1"), live, Map.of("a", 2)).drained()).isEmpty();
        List<TaskFacts> moved = List.of(new TaskFacts("a-0b", "a", 0, RUNNING, "h2"), new TaskFacts("a-1", "a", 1, RUNNING, "h2"));
        assertThat(planner.plan(Set.of("h1"), moved, Map.of("a", 2)).drained()).containsExactly("h1");
    }

    /** Seeded random drains: whatever the cluster, a drain never takes a job below its allowed share. */
    @Test
    void neverMoreThanTheShareDownBecauseOfTheDrain() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            double share = random.nextInt(6) / 10.0;
            DrainPlanner drains = new DrainPlanner(share);
            int hosts = 2 + random.nextInt(6);
            Map<String, Integer> desired = new HashMap<>();
            List<TaskFacts> live = new ArrayList<>();
            for (int j = 0; j < 1 + random.nextInt(4); j++) {
                int instances = 1 + random.nextInt(20);
                desired.put("job" + j, instances);
                for (int i = 0; i < instances; i++) {
                    live.add(new TaskFacts("job" + j + "-" + i, "job" + j, i, RUNNING, "h" + random.nextInt(hosts)));
                }
            }
            Set<String> draining = Set.of("h0", "h1");
            for (int step = 0; step < 400; step++) {
                DrainPlanner.Plan plan = drains.plan(draining, live, desired);
                List<TaskFacts> next = new ArrayList<>();
                for (TaskFacts task : live) {
                    if (plan.drainNow().contains(task.taskId())) {
                        next.add(new TaskFacts(task.taskId(), task.job(), task.instance(), DRAINING, task.hostname()));
                    } else if (task.status() == DRAINING && random.nextBoolean()) {
                        next.add(new TaskFacts(task.taskId() + "r", task.job(), task.instance(), PENDING, null));
                    } else if (task.status() == PENDING && random.nextBoolean()) {
                        next.add(new TaskFacts(task.taskId(), task.job(), task.instance(), RUNNING, "h" + (2 + random.nextInt(hosts))));
                    } else {
                        next.add(task);
                    }
                }
                live = next;
                for (Map.Entry<String, Integer> job : desired.entrySet()) {
                    long down = live.stream().filter(t -> t.job().equals(job.getKey()) && t.status() != RUNNING).count();
                    long allowed = Math.max(1, (long) Math.floor(share * job.getValue() + 1e-9));
                    assertThat(down).as("round %d step %d %s", round, step, job.getKey()).isLessThanOrEqualTo(allowed);
                }
            }
            assertThat(live).filteredOn(t -> t.status() == RUNNING).allSatisfy(t -> assertThat(draining).doesNotContain(t.hostname()));
        }
    }

    private static List<TaskFacts> job(String job, int instances, String host) {
        List<TaskFacts> tasks = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            tasks.add(new TaskFacts(job + "-" + i, job, i, TaskStatus.RUNNING, host));
        }
        return tasks;
    }
}
