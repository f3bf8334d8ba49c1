package io.borealis.update.lifecycle;

import static io.borealis.update.lifecycle.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.UpdateSettings;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import io.borealis.update.strategy.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine on its own: recorded state and observed tasks in, one decision out. */
class UpdateEngineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    /** Batch 2, BATCH, watch 10 s, no per-instance failures, 0 failed instances allowed, rollback on. */
    private static RolloutSettings settings(Boolean rollback, Boolean autoPause, Integer pulse, String domain) {
        return RolloutSettings.of(new UpdateSettings(2, "BATCH", null, 10, 0, 0, rollback, autoPause, pulse, 60,
                null, domain));
    }

    private static final RolloutSettings BATCH_2 = settings(true, false, null, null);

    private static InstanceState pending(int i) {
        return new InstanceState(i, "", "v1", "v2", false, false, Step.PENDING, null, 0, 0, 0, null, null, null);
    }

    private static InstanceState inFlight(int i, int batch, int seq, Instant started) {
        return new InstanceState(i, "", "v1", "v2", false, false, Step.IN_FLIGHT, null, 0, batch, seq, started, null,
                null);
    }

    private static InstanceState done(int i, Step forward, int seq) {
        return new InstanceState(i, "", "v1", "v2", false, false, forward, null, 0, 1, seq, T0, null, null);
    }

    private static UpdateState state(UpdateKind kind, UpdateStatus status, RolloutSettings settings, int batches,
            List<InstanceState> instances) {
        return new UpdateState(kind, status, settings, batches, 0, T0, T0, instances);
    }

    private static Map<Integer, List<TaskView>> running(String version, Instant since, int... instances) {
        Map<Integer, List<TaskView>> tasks = new HashMap<>();
        for (int i : instances) {
            tasks.put(i, new ArrayList<>(List.of(task("t" + i + version, i, version, TaskStatus.RUNNING, null,
                    since, since))));
        }
        return tasks;
    }

    @Test
    void aFreshUpdateStartsItsFirstBatchInOrder() {
        UpdateState fresh = state(UpdateKind.UPDATE, UpdateStatus.ROLLING_FORWARD, BATCH_2, 0,
                List.of(pending(0), pending(1), pending(2)));

        Advance advance = UpdateEngine.advance(fresh, Map.of(), T0);

        assertThat(advance.start()).containsExactly(0, 1);
        assertThat(advance.batchesStarted()).isEqualTo(1);
        assertThat(advance.progressed()).isTrue();
        assertThat(advance.transition()).isNull();
        assertThat(advance.changes()).isEmpty();
    }

    @Test
    void instancesWatchedLongEnoughSucceedAndTheNextBatchStartsInTheSameStep() {
        UpdateState state = state(UpdateKind.UPDATE, UpdateStatus.ROLLING_FORWARD, BATCH_2, 1,
                List.of(inFlight(0, 1, 1, T0), inFlight(1, 1, 2, T0), pending(2)));

        Advance early = UpdateEngine.advance(state, running("v2", T0.plusSeconds(1), 0, 1), T0.plusSeconds(5));
        Advance later = UpdateEngine.advance(state, running("v2", T0.plusSeconds(1), 0, 1), T0.plusSeconds(12));

        assertThat(early.start()).isEmpty();
        assertThat(early.blockedBy()).contains("watching");
        assertThat(later.changes()).extracting(Advance.InstanceChange::instance, Advance.InstanceChange::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, InstanceAction.INSTANCE_UPDATED),
                        org.assertj.core.groups.Tuple.tuple(1, InstanceAction.INSTANCE_UPDATED));
        assertThat(later.start()).containsExactly(2);
        assertThat(later.batchesStarted()).isEqualTo(2);
    }

    @Test
    void theNextCheckIsWhenTheFirstWatchEndsAndNoneOnceNothingIsWatched() {
        UpdateState state = state(UpdateKind.UPDATE, UpdateStatus.ROLLING_FORWARD, BATCH_2, 1,
                List.of(inFlight(0, 1, 1, T0), inFlight(1, 1, 2, T0), pending(2)));
        Map<Integer, List<TaskView>> tasks = running("v2", T0.plusSeconds(3), 0);
        tasks.putAll(running("v2", T0.plusSeconds(1), 1));

        assertThat(UpdateEngine.advance(state, tasks, T0.plusSeconds(5)).nextCheck())
                .as("instance 1 RUNNING since +1 s, watch 10 s").isEqualTo(T0.plusSeconds(11));
        assertThat(UpdateEngine.advance(state, running("v2", T0.plusSeconds(3), 0), T0.plusSeconds(5)).nextCheck())
                .as("instance 1 not RUNNING yet: only instance 0's watch is known").isEqualTo(T0.plusSeconds(13));
        assertThat(UpdateEngine.advance(state, Map.of(), T0.plusSeconds(5)).nextCheck())
                .as("nothing RUNNING: no watch end known").isNull();
        UpdateState last = state(UpdateKind.UPDATE, UpdateStatus.ROLLING_FORWARD, BATCH_2, 1,
                List.of(done(0, Step.SUCCEEDED, 1), inFlight(1, 1, 2, T0)));
        assertThat(UpdateEngine.advance(last, running("v2", T0, 1), T0.plusSeconds(11)).nextCheck())
                .as("finished").isNull();
    }

    @Test
    void everyInstanceFinishedRollsForward() {
        UpdateState state = state(UpdateKind.UPDATE, UpdateStatus.ROLLING_FORWARD, BATCH_2, 1,
                List.of(done(0, Step.SUCCEEDED, 1), inFlight(1, 1, 2, T0)));

        Advance advance = UpdateEngine.advance(state, running("v2", T0, 1), T0.plusSeconds(11));

        assertThat(advance.transition().to()).isEqualTo(UpdateStatus.ROLLED_FORWARD);
        assertThat(advance.transition().sideEffects()).contains(new SideEffect.ReleaseLock());
    }

    @Test
    void aFailedInstanceBeyondTheLimitRollsBackOrFailsAsConfigured() {
        List<InstanceState> one = List.of(inFlight(0, 1, 1, T0), pending(1));
        Map<Integer, List<TaskView>> failing = Map.of(0, List.of(task("t", 0, "v2", TaskStatus.FAILED, null,
                T0.plusSeconds(1), T0.plusSeconds(1))));

        Advance rollback = UpdateEngine.advance(state(UpdateKind.UPDATE, UpdateStatus.ROLLING_FORWARD, BATCH_2, 1,
                one), failing, T0.plusSeconds(2));
        Advance noRollback = UpdateEngine.advance(state(UpdateKind.UPDATE, UpdateStatus.ROLLING_FORWARD,
                settings(false, false, null, null), 1, one), failing, T0.plusSeconds(2));
        Advance restart = UpdateEngine.advance(state(UpdateKind.RESTART, UpdateStatus.ROLLING_FORWARD, BATCH_2, 1,
                one), failing, T0.plusSeconds(2));

        assertThat(rollback.transition().to()).isEqualTo(UpdateStatus.ROLLING_BACK);
        assertThat(rollback.reason()).isEqualTo("1 instance(s) failed to update, 0 allowed");
        assertThat(rollback.changes()).singleElement().extracting(Advance.InstanceChange::step).isEqualTo(Step.FAILED);
        assertThat(noRollback.transition().to()).isEqualTo(UpdateStatus.FAILED);
        assertThat(restart.transition().to()).as("a restart has nothing to roll back to").isEqualTo(UpdateStatus.FAILED);
        assertThat(rollback.start()).isEmpty();
    }

    @Test
    void noInstanceFinishingWithinTheProgressDeadlineCountsAsAFailure() {
        UpdateState stuck = state(UpdateKind.UPDATE, UpdateStatus.ROLLING_FORWARD, BATCH_2, 1,
                List.of(inFlight(0, 1, 1, T0)));

        assertThat(UpdateEngine.advance(stuck, Map.of(), T0.plusSeconds(59)).transition()).isNull();
        Advance late = UpdateEngine.advance(stuck, Map.of(), T0.plusSeconds(61));
        assertThat(late.transition().to()).isEqualTo(UpdateStatus.ROLLING_BACK);
        assertThat(late.reason()).contains("progressDeadlineSecs 60");
    }

    @Test
    void withoutAPulseItWaitsAndWhilePausedItStartsNothingButStillJudges() {
        UpdateState pulsed = state(UpdateKind.UPDATE, UpdateStatus.ROLLING_FORWARD,
                settings(true, false, 5, null), 0, List.of(pending(0)));
        Advance awaiting = UpdateEngine.advance(pulsed, Map.of(), T0.plusSeconds(5));
        assertThat(awaiting.transition().to()).isEqualTo(UpdateStatus.ROLL_FORWARD_AWAITING_PULSE);
        assertThat(awaiting.start()).isEmpty();
        assertThat(awaiting.blockedBy()).startsWith("awaiting a pulse");

        UpdateState paused = state(UpdateKind.UPDATE, UpdateStatus.ROLL_FORWARD_PAUSED, BATCH_2, 1,
                List.of(inFlight(0, 1, 1, T0), pending(1), pending(2)));
        Advance advance = UpdateEngine.advance(paused, running("v2", T0, 0), T0.plusSeconds(11));
        assertThat(advance.start()).isEmpty();
        assertThat(advance.changes()).singleElement().extracting(Advance.InstanceChange::action)
                .isEqualTo(InstanceAction.INSTANCE_UPDATED);
        assertThat(advance.blockedBy()).isEqualTo("paused");
    }

    @Test
    void autoPauseStopsAfterEachFinishedBatch() {
        UpdateState state = state(UpdateKind.UPDATE, UpdateStatus.ROLLING_FORWARD, settings(true, true, null, null),
                1, List.of(done(0, Step.SUCCEEDED, 1), pending(1)));

        Advance advance = UpdateEngine.advance(state, Map.of(), T0);

        assertThat(advance.transition().to()).isEqualTo(UpdateStatus.ROLL_FORWARD_PAUSED);
        assertThat(advance.autoPausedBatch()).isEqualTo(1);
        assertThat(advance.start()).isEmpty();
    }

    @Test
    void aRollbackVisitsTheTouchedInstancesNewestFirstToTheirOldConfig() {
        List<InstanceState> touched = List.of(
                new InstanceState(0, "", "v1", "v2", false, false, Step.SUCCEEDED, Step.PENDING, 0, 0, 1, T0, null,
                        null),
                new InstanceState(1, "", "v1", "v2", false, false, Step.FAILED, Step.PENDING, 0, 0, 2, T0, null, null),
                new InstanceState(2, "", "v1", "v2", false, false, Step.PENDING, null, 0, 0, 0, null, null, null));
        UpdateState back = state(UpdateKind.UPDATE, UpdateStatus.ROLLING_BACK,
                RolloutSettings.of(new UpdateSettings(1, "BATCH", null, 10, 0, 0, true, false, null, 60, null, null)),
                0, touched);

        Advance advance = UpdateEngine.advance(back, Map.of(), T0);

        assertThat(UpdateEngine.inOrder(touched, Direction.BACK)).extracting(InstanceState::instance)
                .containsExactly(1, 0);
        assertThat(advance.start()).as("newest first, never the untouched instance 2").containsExactly(1);
    }

    @Test
    void aRestartWaitsForANewTaskAndNeverCountsTheOneItReplaces() {
        InstanceState restarting = new InstanceState(0, "", "v1", "v1", false, false, Step.IN_FLIGHT, null, 0, 1, 1,
                T0, "old", null);
        UpdateState state = state(UpdateKind.RESTART, UpdateStatus.ROLLING_FORWARD, BATCH_2, 1, List.of(restarting));
        TaskView old = task("old", 0, "v1", TaskStatus.RUNNING, null, T0.minusSeconds(600), T0.minusSeconds(600));
        TaskView killed = task("old", 0, "v1", TaskStatus.KILLED, null, T0.minusSeconds(600), T0.minusSeconds(600));
        TaskView fresh = task("new", 0, "v1", TaskStatus.RUNNING, null, T0.plusSeconds(1), T0.plusSeconds(1));

        Advance before = UpdateEngine.advance(state, Map.of(0, List.of(old)), T0.plusSeconds(30));
        Advance after = UpdateEngine.advance(state, Map.of(0, List.of(killed, fresh)), T0.plusSeconds(12));

        assertThat(before.changes()).isEmpty();
        assertThat(before.blockedBy()).isEqualTo("instance 0: waiting for a task of v1");
        assertThat(after.changes()).singleElement().extracting(Advance.InstanceChange::action, Advance.InstanceChange::failures)
                .containsExactly(InstanceAction.INSTANCE_UPDATED, 0);
    }

    @Test
    void aFinishedUpdateDecidesNothing() {
        UpdateState finished = state(UpdateKind.UPDATE, UpdateStatus.ROLLED_FORWARD, BATCH_2, 1,
                List.of(done(0, Step.SUCCEEDED, 1)));

        Advance advance = UpdateEngine.advance(finished, Map.of(), T0);

        assertThat(advance.transition()).isNull();
        assertThat(advance.start()).isEmpty();
        assertThat(advance.changes()).isEmpty();
    }
}
