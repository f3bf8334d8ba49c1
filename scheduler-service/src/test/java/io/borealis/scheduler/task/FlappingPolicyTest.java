package io.borealis.scheduler.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import io.borealis.api.job.JobView;
import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.task.InstancePlanner.Action;
import io.borealis.scheduler.task.InstancePlanner.TaskFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlappingPolicyTest {

    private static final JobKey JOB = new JobKey("web", "prod", "flappy");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final FlappingPolicy policy = new FlappingPolicy(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void aQuickDeathThrottlesFromTheInitialDelayAndDoublesUpToTheCap() {
        assertThat(policy.delayAfter(died(TaskStatus.FAILED, 2, Duration.ZERO))).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(died(TaskStatus.FAILED, 2, Duration.ofSeconds(1)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(died(TaskStatus.FINISHED, 0, Duration.ofSeconds(16)))).isEqualTo(Duration.ofSeconds(32));
        assertThat(policy.delayAfter(died(TaskStatus.FAILED, 9, Duration.ofSeconds(32)))).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayAfter(died(TaskStatus.FAILED, 9, Duration.ofSeconds(60)))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aTaskThatNeverRanIsFlapping() {
        TaskFacts neverRan = new TaskFacts("t", JOB, 0, "v1", TaskStatus.FAILED, 1, null, T0, Duration.ZERO);
        assertThat(policy.delayAfter(neverRan)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aLongRunResetsTheDelayAndKilledOrLostTasksNeverThrottle() {
        assertThat(policy.delayAfter(died(TaskStatus.FAILED, 10, Duration.ofSeconds(32)))).isZero();
        assertThat(policy.delayAfter(died(TaskStatus.FAILED, 600, Duration.ofSeconds(60)))).isZero();
        assertThat(policy.delayAfter(died(TaskStatus.KILLED, 0, Duration.ofSeconds(4)))).isZero();
        assertThat(policy.delayAfter(died(TaskStatus.LOST, 0, Duration.ofSeconds(4)))).isZero();
        assertThat(FlappingPolicy.NONE.delayAfter(died(TaskStatus.FAILED, 0, Duration.ZERO))).isZero();
    }

    /** Property over random histories: every delay is zero or within [initial, max], and a quick death never shortens it. */
    @Test
    void delaysStayBoundedAndNeverShrinkWhileFlapping() {
        Random random = new Random(20261125L);
        TaskStatus[] endings = {TaskStatus.FAILED, TaskStatus.FINISHED, TaskStatus.KILLED, TaskStatus.LOST};
        for (int history = 0; history < 500; history++) {
            Duration penalty = Duration.ZERO;
            for (int death = 0; death < 20; death++) {
                TaskStatus status = endings[random.nextInt(endings.length)];
                long ranSeconds = random.nextInt(4) == 0 ? 10 + random.nextInt(100) : random.nextInt(10);
                Duration next = policy.delayAfter(died(status, ranSeconds, penalty));
                boolean quickFailure = ranSeconds < 10 && (status == TaskStatus.FAILED || status == TaskStatus.FINISHED);
                if (!quickFailure) {
                    assertThat(next).isZero();
                } else {
                    assertThat(next).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
                    assertThat(next).isGreaterThanOrEqualTo(penalty.compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60) : penalty);
                }
                penalty = next;
            }
        }
    }

    @Test
    void thePlannerCreatesTheReplacementOfAFlappingInstanceThrottled() {
        InstancePlanner planner = new InstancePlanner(policy);
        TaskConfig config = new TaskConfig("exit 1", Map.of(), new Resources(0.1, 16, 0, List.of()), null, List.of(),
                null, 0, false, null, 1);
        JobView job = new JobView(JOB, JobKind.SERVICE, 1, null, Map.of("v1", config), Map.of(0, "v1"), null, null);

        List<Action> quick = planner.plan(List.of(job), List.of(), List.of(died(TaskStatus.FAILED, 3, Duration.ofSeconds(2))));
        assertThat(quick).singleElement().isInstanceOfSatisfying(Action.Create.class, c -> {
            assertThat(c.throttle()).isEqualTo(Duration.ofSeconds(4));
            assertThat(c.ancestorId()).isEqualTo("t");
            assertThat(c.why()).contains("flapping");
        });
        List<Action> slow = planner.plan(List.of(job), List.of(), List.of(died(TaskStatus.FAILED, 30, Duration.ofSeconds(2))));
        assertThat(slow).singleElement().isInstanceOfSatisfying(Action.Create.class, c -> assertThat(c.throttle()).isZero());
    }

    private static TaskFacts died(TaskStatus status, long ranSeconds, Duration penalty) {
        return new TaskFacts("t", JOB, 0, "v1", status, 1, T0, T0.plusSeconds(ranSeconds), penalty);
    }
}
