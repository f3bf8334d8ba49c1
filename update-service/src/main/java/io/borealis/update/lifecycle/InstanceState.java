package io.borealis.update.lifecycle;

import io.borealis.update.strategy.Slot;
import io.borealis.update.strategy.Step;
import java.time.Instant;

/**
 * One instance touched by an update, as recorded: its versions before and after (null: the
 * instance did not exist before / is removed), its step each way ({@code back} null unless it is
 * part of a rollback), failures in the current step, the batch it started in, the order it was
 * started forward in ({@code startedSeq}, 0 if never) and when its current step started. A restart
 * step also records the live task it replaces ({@code replacedTask}, null if none) and the task the
 * scheduler said it is restarting ({@code replacementTask}: the replaced task's id, null until it answered).
 */
public record InstanceState(
        int instance,
        String domain,
        String fromVersion,
        String toVersion,
        boolean fromHealthChecked,
        boolean toHealthChecked,
        Step forward,
        Step back,
        int failures,
        int batch,
        int startedSeq,
        Instant stepStartedAt,
        String replacedTask,
        String replacementTask) {

    public Step step(Direction direction) {
        return direction == Direction.FORWARD ? forward : back;
    }

    public String target(Direction direction) {
        return direction == Direction.FORWARD ? toVersion : fromVersion;
    }

    public boolean targetHealthChecked(Direction direction) {
        return direction == Direction.FORWARD ? toHealthChecked : fromHealthChecked;
    }

    /** Whether the forward run changed (or began to change) this instance: only those are rolled back. */
    public boolean touched() {
        return forward != Step.PENDING;
    }

    Slot slot(Direction direction) {
        return new Slot(instance, domain, step(direction), batch);
    }
}
