package io.borealis.update.lifecycle;

import static io.borealis.update.lifecycle.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.task.TaskStatus;
import io.borealis.update.strategy.Step;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A restart call is made once per step, even when its answer was lost in a crash. */
class RestartCheckTest {

    private static final Instant STEP = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant OLD = STEP.minusSeconds(600);

    private static InstanceState step(String replaced, String replacement) {
        return new InstanceState(4, "", "v1", "v1", false, false, Step.IN_FLIGHT, null, 0, 1, 1, STEP, replaced,
                replacement);
    }

    @Test
    void calledWhileTheReplacedTaskStillRunsAndNothingNewerExists() {
        assertThat(RestartCheck.needsCall(step("t1", null),
                List.of(task("t1", 4, "v1", TaskStatus.RUNNING, null, OLD, OLD)))).isTrue();
    }

    @Test
    void notCalledAgainOnceTheSchedulerAnswered() {
        assertThat(RestartCheck.needsCall(step("t1", "t2"),
                List.of(task("t1", 4, "v1", TaskStatus.RUNNING, null, OLD, OLD)))).isFalse();
    }

    @Test
    void notReSentWhenTheCallReachedTheSchedulerButItsAnswerWasLost() {
        // the old task is being killed or gone, or a newer one exists: the scheduler acted
        assertThat(RestartCheck.needsCall(step("t1", null),
                List.of(task("t1", 4, "v1", TaskStatus.KILLING, null, OLD, OLD)))).isFalse();
        assertThat(RestartCheck.needsCall(step("t1", null),
                List.of(task("t1", 4, "v1", TaskStatus.RESTARTING, null, OLD, OLD)))).isFalse();
        assertThat(RestartCheck.needsCall(step("t1", null),
                List.of(task("t1", 4, "v1", TaskStatus.KILLED, null, OLD, OLD)))).isFalse();
        assertThat(RestartCheck.needsCall(step("t1", null), List.of(
                task("t1", 4, "v1", TaskStatus.RUNNING, null, OLD, OLD),
                task("t2", 4, "v1", TaskStatus.PENDING, null, STEP.plusSeconds(1), null)))).isFalse();
    }

    @Test
    void anOlderDeadTaskIsNoSignOfTheCall() {
        assertThat(RestartCheck.needsCall(step("t1", null), List.of(
                task("t0", 4, "v1", TaskStatus.FAILED, null, OLD.minusSeconds(60), OLD.minusSeconds(60)),
                task("t1", 4, "v1", TaskStatus.RUNNING, null, OLD, OLD)))).isTrue();
    }

    @Test
    void anInstanceWithoutALiveTaskIsLeftToTheScheduler() {
        assertThat(RestartCheck.needsCall(step(null, null), List.of())).isFalse();
    }
}
