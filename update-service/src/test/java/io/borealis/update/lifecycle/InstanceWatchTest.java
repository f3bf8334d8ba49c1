package io.borealis.update.lifecycle;

import static io.borealis.update.lifecycle.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceWatchTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private final InstanceWatch watch = new InstanceWatch(Duration.ofSeconds(10), 1);

    private Verdict judge(boolean healthChecked, int recorded, Instant now, TaskView... tasks) {
        return watch.judge(3, "v2", healthChecked, START, recorded, List.of(tasks), now);
    }

    @Test
    void updatedOnceRunningOnTheTargetForTheWatchTime() {
        TaskView running = task("t2", 3, "v2", TaskStatus.RUNNING, null, START.plusSeconds(1), START.plusSeconds(2));
        TaskView old = task("t1", 3, "v1", TaskStatus.KILLED, null, START.minusSeconds(100), START.minusSeconds(99));

        assertThat(judge(false, 0, START.plusSeconds(11), running, old)).isInstanceOf(Verdict.Watching.class);
        assertThat(judge(false, 0, START.plusSeconds(12), running, old)).isEqualTo(new Verdict.Succeeded(0));
    }

    @Test
    void aHealthCheckedTargetMustBeHealthy() {
        TaskView unknown = task("t2", 3, "v2", TaskStatus.RUNNING, null, START, START.plusSeconds(1));
        TaskView healthy = task("t2", 3, "v2", TaskStatus.RUNNING, true, START, START.plusSeconds(1));

        Verdict waiting = judge(true, 0, START.plusSeconds(60), unknown);
        assertThat(waiting).isInstanceOf(Verdict.Watching.class);
        assertThat(((Verdict.Watching) waiting).reason()).contains("waiting for instance 3 to become healthy");
        assertThat(judge(true, 0, START.plusSeconds(60), healthy)).isEqualTo(new Verdict.Succeeded(0));
    }

    @Test
    void failuresAreCountedPerTaskAndFailTheInstanceBeyondTheLimit() {
        TaskView first = task("t2", 3, "v2", TaskStatus.FAILED, null, START.plusSeconds(1), START.plusSeconds(2));
        TaskView unhealthy = task("t3", 3, "v2", TaskStatus.RUNNING, false, START.plusSeconds(3), START.plusSeconds(4));
        TaskView second = task("t3", 3, "v2", TaskStatus.KILLED, false, START.plusSeconds(3), START.plusSeconds(4));

        assertThat(judge(false, 0, START.plusSeconds(5), first)).isEqualTo(
                new Verdict.Watching(1, "instance 3: waiting for a task of v2"));
        assertThat(judge(false, 1, START.plusSeconds(6), first, unhealthy)).isInstanceOf(Verdict.Failed.class);
        assertThat(judge(false, 1, START.plusSeconds(6), first, second).failures()).isEqualTo(2);
    }

    @Test
    void recordedFailuresAreNeverForgottenAndOldTasksOfTheTargetDoNotCount() {
        TaskView oldFailure = task("t0", 3, "v2", TaskStatus.FAILED, null, START.minusSeconds(60), null);
        TaskView running = task("t2", 3, "v2", TaskStatus.RUNNING, null, START.plusSeconds(1), START.plusSeconds(1));

        assertThat(judge(false, 1, START.plusSeconds(3), oldFailure, running).failures()).isEqualTo(1);
        assertThat(judge(false, 0, START.plusSeconds(3), oldFailure, running).failures()).isZero();
    }

    @Test
    void aTargetTaskAlreadyRunningBeforeTheStepCountsAtOnce() {
        TaskView old = task("t1", 3, "v2", TaskStatus.RUNNING, null, START.minusSeconds(60), START.minusSeconds(59));
        assertThat(judge(false, 0, START.plusSeconds(1), old)).isEqualTo(new Verdict.Succeeded(0));
    }

    @Test
    void aPendingTaskSaysWhy() {
        TaskView pending = new TaskView("t2", Tasks.JOB, 3, "v2", TaskStatus.PENDING, null, null, null, null, null,
                0, List.of(), List.of(new TaskView.PendingReason("insufficient cpus", 3, true)));
        Verdict verdict = judge(false, 0, START.plusSeconds(5), pending);
        assertThat(((Verdict.Watching) verdict).reason())
                .isEqualTo("instance 3: task t2 is PENDING (insufficient cpus on 3 agent(s))");
    }

    @Test
    void aRemovalSucceedsOnceNoTaskIsLive() {
        TaskView live = task("t1", 3, "v1", TaskStatus.KILLING, null, START.minusSeconds(60), START.minusSeconds(59));
        TaskView dead = task("t1", 3, "v1", TaskStatus.KILLED, null, START.minusSeconds(60), START.minusSeconds(59));
        assertThat(watch.judge(3, null, false, START, 0, List.of(live), START)).isInstanceOf(Verdict.Watching.class);
        assertThat(watch.judge(3, null, false, START, 0, List.of(dead), START)).isEqualTo(new Verdict.Succeeded(0));
    }
}
