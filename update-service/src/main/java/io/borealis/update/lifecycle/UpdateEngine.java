package io.borealis.update.lifecycle;

import io.borealis.api.task.TaskView;
import io.borealis.update.strategy.Plan;
import io.borealis.update.strategy.Slot;
import io.borealis.update.strategy.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rolling-update engine, one step at a time: judges in-flight instances, applies the failure
 * threshold, the progress deadline, pulses and auto-pause, and asks the strategy what starts next.
 * It runs the same way forward and back ({@link Direction}); a rollback visits the touched
 * instances newest first. Pure: it returns an {@link Advance} and changes nothing.
 */
public final class UpdateEngine {

    private UpdateEngine() {
    }

    public static Advance advance(UpdateState state, Map<Integer, List<TaskView>> tasksByInstance, Instant now) {
        UpdateStatus status = state.status();
        RolloutSettings settings = state.settings();
        if (status.isTerminal()) {
            return new Advance(null, null, List.of(), List.of(), state.batchesStarted(), state.autoPausedBatch(),
                    false, null, null);
        }
        Direction direction = Direction.of(status);
        InstanceWatch watch = new InstanceWatch(settings.watch(), settings.maxPerInstanceFailures());

        Map<Integer, InstanceState> ordered = new LinkedHashMap<>();
        inOrder(state.instances(), direction).forEach(i -> ordered.put(i.instance(), i));
        Map<Integer, Step> steps = new LinkedHashMap<>();
        ordered.values().forEach(i -> steps.put(i.instance(), i.step(direction)));

        List<Advance.InstanceChange> changes = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        Instant nextCheck = null;
        boolean progressed = false;
        for (InstanceState instance : ordered.values()) {
            if (instance.step(direction) != Step.IN_FLIGHT) {
                continue;
            }
            String replaced = state.kind() == UpdateKind.RESTART && direction == Direction.FORWARD
                    ? instance.replacedTask() : null;
            Verdict verdict = watch.judge(instance.instance(), instance.target(direction),
                    instance.targetHealthChecked(direction), instance.stepStartedAt(), instance.failures(), replaced,
                    tasksByInstance.getOrDefault(instance.instance(), List.of()), now);
            if (verdict instanceof Verdict.Succeeded s) {
                changes.add(new Advance.InstanceChange(instance.instance(), Step.SUCCEEDED, s.failures(),
                        direction.succeeded(), null));
                steps.put(instance.instance(), Step.SUCCEEDED);
                progressed = true;
            } else if (verdict instanceof Verdict.Failed f) {
                changes.add(new Advance.InstanceChange(instance.instance(), Step.FAILED, f.failures(),
                        direction.failed(), f.reason()));
                steps.put(instance.instance(), Step.FAILED);
                progressed = true;
            } else if (verdict instanceof Verdict.Watching w) {
                if (w.failures() != instance.failures()) {
                    changes.add(new Advance.InstanceChange(instance.instance(), Step.IN_FLIGHT, w.failures(),
                            null, null));
                }
                waiting.add(w.reason());
                if (w.watchEnds() != null && (nextCheck == null || w.watchEnds().isBefore(nextCheck))) {
                    nextCheck = w.watchEnds();
                }
            }
        }

        long failed = steps.values().stream().filter(s -> s == Step.FAILED).count();
        boolean unfinished = steps.values().stream().anyMatch(s -> !s.isFinished());
        boolean inFlight = steps.values().stream().anyMatch(s -> s == Step.IN_FLIGHT);
        UpdateStatus onFailure = direction == Direction.FORWARD && settings.rollbackOnFailure()
                && state.kind() == UpdateKind.UPDATE ? UpdateStatus.ROLLING_BACK : UpdateStatus.FAILED;
        boolean paused = status == direction.paused();
        Duration stalled = Duration.between(state.lastProgressAt(), now);

        int batches = state.batchesStarted();
        int autoPaused = state.autoPausedBatch();
        List<Integer> start = List.of();
        UpdateStatus to = null;
        String reason = null;
        String blockedBy = waiting.isEmpty() ? null : waiting.get(0);
        if (failed > settings.maxFailedInstances()) {
            to = onFailure;
            reason = failed + " instance(s) failed " + (direction == Direction.FORWARD ? "to update" : "to roll back")
                    + ", " + settings.maxFailedInstances() + " allowed";
        } else if (!unfinished) {
            to = direction.done();
        } else if (!paused && inFlight && !progressed && stalled.compareTo(settings.progressDeadline()) > 0) {
            to = onFailure;
            reason = "no instance finished for " + stalled.toSeconds() + "s (progressDeadlineSecs "
                    + settings.progressDeadline().toSeconds() + ")";
        } else if (status == direction.rolling()) {
            if (settings.pulseTimeout() != null
                    && !now.isBefore(state.lastPulseAt().plus(settings.pulseTimeout()))) {
                to = direction.awaitingPulse();
                reason = "no pulse for " + settings.pulseTimeout().toSeconds() + "s";
            } else if (settings.autoPauseAfterBatch() && !inFlight && batches > autoPaused) {
                to = direction.paused();
                autoPaused = batches;
                reason = "batch " + batches + " finished (autoPauseAfterBatch)";
            } else {
                List<Slot> slots = ordered.values().stream()
                        .map(i -> new Slot(i.instance(), i.domain(), steps.get(i.instance()), i.batch())).toList();
                Plan plan = settings.planner().next(slots, batches);
                if (!plan.start().isEmpty()) {
                    start = plan.start();
                    batches++;
                    progressed = true;
                } else if (blockedBy == null) {
                    blockedBy = plan.waitingFor() == null ? null : "waiting for " + plan.waitingFor();
                }
            }
        }

        Transition.Allowed transition = null;
        if (to != null && to != status
                && UpdateStateMachine.transition(status, to) instanceof Transition.Allowed allowed) {
            transition = allowed;
        }
        UpdateStatus after = transition != null ? transition.to() : status;
        if (after == UpdateStatus.ROLL_FORWARD_PAUSED || after == UpdateStatus.ROLL_BACK_PAUSED) {
            blockedBy = "paused" + (inFlight ? "; in-flight instances are still watched" : "");
        } else if (after == UpdateStatus.ROLL_FORWARD_AWAITING_PULSE || after == UpdateStatus.ROLL_BACK_AWAITING_PULSE) {
            blockedBy = "awaiting a pulse" + (settings.pulseTimeout() == null ? ""
                    : " (pulseTimeoutSecs " + settings.pulseTimeout().toSeconds() + ")");
        } else if (after != status) {
            blockedBy = null;
        }
        return new Advance(transition, reason, changes, start, batches, autoPaused, progressed, blockedBy,
                after.isTerminal() ? null : nextCheck);
    }

    /** The instances of a direction in the order it visits them: forward as planned, back newest first. */
    public static List<InstanceState> inOrder(List<InstanceState> instances, Direction direction) {
        if (direction == Direction.FORWARD) {
            return instances;
        }
        return instances.stream().filter(i -> i.back() != null)
                .sorted(Comparator.comparingInt(InstanceState::startedSeq).reversed()).toList();
    }
}
