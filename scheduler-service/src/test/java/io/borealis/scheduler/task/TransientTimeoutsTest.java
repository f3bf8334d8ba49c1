package io.borealis.scheduler.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.mesos.TaskRef;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransientTimeoutsTest {

    private static final JobKey JOB = new JobKey("web", "prod", "api");
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final TransientTimeouts timeouts = new TransientTimeouts(Duration.ofSeconds(60), Duration.ofMinutes(5));

    @Test
    void everyTransientStateHasATimeoutAndNoOtherStateHas() {
        for (TaskStatus status : TaskStatus.values()) {
            Duration timeout = timeouts.timeoutOf(status, 30);
            if (status == TaskStatus.ASSIGNED) {
                assertThat(timeout).isEqualTo(Duration.ofSeconds(60));
            } else if (status == TaskStatus.STARTING) {
                assertThat(timeout).isEqualTo(Duration.ofMinutes(5));
            } else if (TaskLifecycle.isKillRequested(status)) {
                assertThat(timeout).as(status.name()).isEqualTo(Duration.ofMinutes(5).plusSeconds(30));
            } else {
                assertThat(timeout).as(status.name()).isNull();
            }
        }
        assertThat(EnumSet.allOf(TaskStatus.class).stream().filter(s -> timeouts.timeoutOf(s, 0) != null))
                .containsExactlyInAnyOrder(TaskStatus.ASSIGNED, TaskStatus.STARTING, TaskStatus.KILLING,
                        TaskStatus.RESTARTING, TaskStatus.PREEMPTING, TaskStatus.DRAINING);
    }

    @Test
    void aStuckTaskIsAskedAboutFirstAndLostOnlyOneTimeoutAfterTheQuestion() {
        Task starting = task("a", TaskStatus.STARTING, T0);
        List<Task> live = List.of(starting);

        assertThat(timeouts.check(live, T0.plus(Duration.ofMinutes(4)), true, t -> 0).ask()).isEmpty();

        TransientTimeouts.Verdict first = timeouts.check(live, T0.plus(Duration.ofMinutes(6)), true, t -> 0);
        assertThat(first.ask()).extracting(TaskRef::taskId).containsExactly("a");
        assertThat(first.lost()).isEmpty();

        TransientTimeouts.Verdict soon = timeouts.check(live, T0.plus(Duration.ofMinutes(8)), true, t -> 0);
        assertThat(soon.ask()).isEmpty();
        assertThat(soon.lost()).isEmpty();

        // an update is still waiting to be applied: not yet
        assertThat(timeouts.check(live, T0.plus(Duration.ofMinutes(12)), false, t -> 0).lost()).isEmpty();

        TransientTimeouts.Verdict later = timeouts.check(live, T0.plus(Duration.ofMinutes(12)), true, t -> 0);
        assertThat(later.lost()).containsOnlyKeys(starting);
        assertThat(later.lost().get(starting)).contains("STARTING", "PT5M");
    }

    @Test
    void aKillWaitsItsGracePeriodOnTopAndAChangeStartsTheClockAgain() {
        Task killing = task("k", TaskStatus.KILLING, T0);
        assertThat(timeouts.check(List.of(killing), T0.plus(Duration.ofMinutes(6)), true, t -> 120).ask()).isEmpty();
        assertThat(timeouts.check(List.of(killing), T0.plus(Duration.ofMinutes(8)), true, t -> 120).ask()).hasSize(1);

        // Mesos answered with news: the task moved on (and is no longer overdue), so the question is forgotten
        Task running = task("k", TaskStatus.RUNNING, T0.plus(Duration.ofMinutes(8)));
        assertThat(timeouts.check(List.of(running), T0.plus(Duration.ofMinutes(9)), true, t -> 120).lost()).isEmpty();
        Task killingAgain = task("k", TaskStatus.KILLING, T0.plus(Duration.ofMinutes(9)));
        TransientTimeouts.Verdict verdict = timeouts.check(List.of(killingAgain), T0.plus(Duration.ofMinutes(17)),
                true, t -> 120);
        assertThat(verdict.ask()).hasSize(1);
        assertThat(verdict.lost()).isEmpty();
    }

    private static Task task(String id, TaskStatus status, Instant since) {
        Task task = new Task(id, JOB, 0, "v1", "{}", null, 0, since);
        if (status != TaskStatus.PENDING) {
            task.moveTo(status, since);
        }
        return task;
    }
}
