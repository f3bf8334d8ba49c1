package io.borealis.scheduler.task;

import static io.borealis.api.task.TaskStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.task.TaskLifecycle.SideEffect;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every (from, to) pair: the table is spelled out here a second time, so a changed or new state fails. */
class TaskLifecycleTest {

    private static final Set<TaskStatus> ENDINGS = EnumSet.of(FINISHED, FAILED, KILLED, LOST, PARTITIONED);
    private static final Map<TaskStatus, Set<TaskStatus>> EXPECTED = new EnumMap<>(TaskStatus.class);

    static {
        EXPECTED.put(PENDING, EnumSet.of(ASSIGNED, KILLED));
        EXPECTED.put(THROTTLED, EnumSet.of(PENDING, KILLED));
        EXPECTED.put(ASSIGNED, plus(ENDINGS, STARTING, RUNNING, KILLING, RESTARTING, PREEMPTING, DRAINING));
        EXPECTED.put(STARTING, plus(ENDINGS, RUNNING, KILLING, RESTARTING, PREEMPTING, DRAINING));
        EXPECTED.put(RUNNING, plus(ENDINGS, KILLING, RESTARTING, PREEMPTING, DRAINING));
        EXPECTED.put(KILLING, ENDINGS);
        EXPECTED.put(RESTARTING, ENDINGS);
        EXPECTED.put(PREEMPTING, ENDINGS);
        EXPECTED.put(DRAINING, ENDINGS);
        EXPECTED.put(PARTITIONED, EnumSet.of(STARTING, RUNNING, KILLING, FINISHED, FAILED, KILLED, LOST));
        EXPECTED.put(FINISHED, EnumSet.noneOf(TaskStatus.class));
        EXPECTED.put(FAILED, EnumSet.noneOf(TaskStatus.class));
        EXPECTED.put(KILLED, EnumSet.noneOf(TaskStatus.class));
        EXPECTED.put(LOST, EnumSet.noneOf(TaskStatus.class));
    }

    private static Set<TaskStatus> plus(Set<TaskStatus> base, TaskStatus... more) {
        Set<TaskStatus> all = EnumSet.copyOf(base);
        all.addAll(Set.of(more));
        return all;
    }

    private final TaskLifecycle lifecycle = new TaskLifecycle();

    @Test
    void everyStateHasDecidedTransitions() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(TaskStatus.values());
        assertThat(TaskLifecycle.TRANSITIONS.keySet()).containsExactlyInAnyOrder(TaskStatus.values());
    }

    @Test
    void everyPairIsAllowedExactlyWhenTheTableSaysSo() {
        for (TaskStatus from : TaskStatus.values()) {
            for (TaskStatus to : TaskStatus.values()) {
                boolean expected = EXPECTED.get(from).contains(to);
                TaskLifecycle.Outcome outcome = lifecycle.transition(from, to);
                assertThat(outcome.changed()).as("%s → %s", from, to).isEqualTo(expected);
                if (!expected) {
                    assertThat(outcome.effects()).as("ignored %s → %s has no effects", from, to).isEmpty();
                }
            }
        }
    }

    @Test
    void effectsOfEveryAllowedPair() {
        for (TaskStatus from : TaskStatus.values()) {
            for (TaskStatus to : EXPECTED.get(from)) {
                TaskLifecycle.Outcome outcome = lifecycle.transition(from, to);
                String pair = from + " → " + to;
                assertThat(outcome.has(SideEffect.Persist.class)).as(pair).isTrue();
                assertThat(outcome.has(SideEffect.Kill.class)).as(pair)
                        .isEqualTo(EnumSet.of(KILLING, RESTARTING, PREEMPTING, DRAINING).contains(to));
                assertThat(outcome.has(SideEffect.Reschedule.class)).as(pair).isEqualTo(to.isTerminal());
                assertThat(outcome.has(SideEffect.CountFailure.class)).as(pair).isEqualTo(to == FAILED);
            }
        }
    }

    @Test
    void duplicatesAndTerminalStatesChangeNothing() {
        for (TaskStatus status : TaskStatus.values()) {
            assertThat(lifecycle.transition(status, status).changed()).as("%s again", status).isFalse();
        }
        assertThat(lifecycle.transition(KILLED, RUNNING).changed()).isFalse();
    }
}
