package io.borealis.update.lifecycle;

import java.util.List;

/** The answer of the {@link UpdateStateMachine} to a requested move. */
public sealed interface Transition {

    UpdateStatus from();

    UpdateStatus to();

    record Allowed(UpdateStatus from, UpdateStatus to, List<SideEffect> sideEffects) implements Transition {
        public Allowed {
            sideEffects = List.copyOf(sideEffects);
        }
    }

    /** Not in the table: nothing changes. */
    record Illegal(UpdateStatus from, UpdateStatus to) implements Transition {
    }
}
