package io.borealis.update.lifecycle;

import java.util.Locale;

/** What a user can ask of an update; each names the status it asks for, the state machine decides. */
public enum UpdateVerb {
    PAUSE, RESUME, ABORT, ROLLBACK, PULSE;

    public static UpdateVerb parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * The status this verb asks for from {@code current}; for a pulse while rolling or paused the
     * status stays as it is (the pulse only refreshes the pulse clock).
     */
    public UpdateStatus target(UpdateStatus current) {
        Direction direction = Direction.of(current);
        return switch (this) {
            case PAUSE -> direction.paused();
            case RESUME -> direction.rolling();
            case ABORT -> UpdateStatus.ABORTED;
            case ROLLBACK -> UpdateStatus.ROLLING_BACK;
            case PULSE -> current == direction.awaitingPulse() ? direction.rolling() : current;
        };
    }
}
