package io.borealis.update.lifecycle;

import static io.borealis.update.lifecycle.UpdateStatus.ABORTED;
import static io.borealis.update.lifecycle.UpdateStatus.ERROR;
import static io.borealis.update.lifecycle.UpdateStatus.FAILED;
import static io.borealis.update.lifecycle.UpdateStatus.ROLLED_BACK;
import static io.borealis.update.lifecycle.UpdateStatus.ROLLED_FORWARD;
import static io.borealis.update.lifecycle.UpdateStatus.ROLLING_BACK;
import static io.borealis.update.lifecycle.UpdateStatus.ROLLING_FORWARD;
import static io.borealis.update.lifecycle.UpdateStatus.ROLL_BACK_AWAITING_PULSE;
import static io.borealis.update.lifecycle.UpdateStatus.ROLL_BACK_PAUSED;
import static io.borealis.update.lifecycle.UpdateStatus.ROLL_FORWARD_AWAITING_PULSE;
import static io.borealis.update.lifecycle.UpdateStatus.ROLL_FORWARD_PAUSED;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one table of allowed update transitions (Aurora's JobUpdateStateMachine, plus manual
 * rollback from any forward state and failure while awaiting a pulse, since in-flight instances
 * are still watched then). A move not in the table is {@link Transition.Illegal}.
 */
public final class UpdateStateMachine {

    private static final Map<UpdateStatus, Set<UpdateStatus>> TABLE = new EnumMap<>(UpdateStatus.class);

    static {
        TABLE.put(ROLLING_FORWARD, EnumSet.of(ROLLING_BACK, ROLL_FORWARD_PAUSED, ROLL_FORWARD_AWAITING_PULSE,
                ROLLED_FORWARD, ABORTED, FAILED, ERROR));
        TABLE.put(ROLLING_BACK, EnumSet.of(ROLL_BACK_PAUSED, ROLL_BACK_AWAITING_PULSE, ROLLED_BACK,
                ABORTED, FAILED, ERROR));
        TABLE.put(ROLL_FORWARD_PAUSED, EnumSet.of(ROLLING_FORWARD, ROLL_FORWARD_AWAITING_PULSE, ROLLING_BACK,
                ABORTED, FAILED, ERROR));
        TABLE.put(ROLL_BACK_PAUSED, EnumSet.of(ROLLING_BACK, ROLL_BACK_AWAITING_PULSE, ABORTED, FAILED, ERROR));
        TABLE.put(ROLL_FORWARD_AWAITING_PULSE, EnumSet.of(ROLLING_FORWARD, ROLL_FORWARD_PAUSED, ROLLING_BACK,
                ROLLED_FORWARD, ABORTED, FAILED, ERROR));
        TABLE.put(ROLL_BACK_AWAITING_PULSE, EnumSet.of(ROLLING_BACK, ROLL_BACK_PAUSED, ROLLED_BACK,
                ABORTED, FAILED, ERROR));
        for (UpdateStatus terminal : List.of(ROLLED_FORWARD, ROLLED_BACK, ABORTED, FAILED, ERROR)) {
            TABLE.put(terminal, EnumSet.noneOf(UpdateStatus.class));
        }
    }

    private UpdateStateMachine() {
    }

    /** The statuses {@code from} may move to. */
    public static Set<UpdateStatus> next(UpdateStatus from) {
        return Collections.unmodifiableSet(TABLE.get(from));
    }

    public static Transition transition(UpdateStatus from, UpdateStatus to) {
        if (!TABLE.get(from).contains(to)) {
            return new Transition.Illegal(from, to);
        }
        List<SideEffect> effects = new ArrayList<>();
        effects.add(new SideEffect.RecordStatus(to));
        if (to == ROLLING_BACK && Direction.of(from) == Direction.FORWARD) {
            effects.add(new SideEffect.PrepareRollback());
        }
        if (to == ROLLING_FORWARD || to == ROLLING_BACK) {
            effects.add(new SideEffect.RestartProgressClock());
        }
        if (to.isTerminal()) {
            effects.add(new SideEffect.ReleaseLock());
        }
        return new Transition.Allowed(from, to, effects);
    }
}
