package io.borealis.update.lifecycle;

/**
 * The state of one job update (Aurora's JobUpdateStatus). An update is active until it reaches a
 * terminal state; a job has at most one active update (enforced by the database too).
 */
public enum UpdateStatus {
    ROLLING_FORWARD,
    ROLLING_BACK,
    ROLL_FORWARD_PAUSED,
    ROLL_BACK_PAUSED,
    ROLL_FORWARD_AWAITING_PULSE,
    ROLL_BACK_AWAITING_PULSE,
    ROLLED_FORWARD,
    ROLLED_BACK,
    ABORTED,
    FAILED,
    ERROR;

    /** Nothing more will happen to the update; the job's update lock is released. */
    public boolean isTerminal() {
        return switch (this) {
            case ROLLED_FORWARD, ROLLED_BACK, ABORTED, FAILED, ERROR -> true;
            case ROLLING_FORWARD, ROLLING_BACK, ROLL_FORWARD_PAUSED, ROLL_BACK_PAUSED,
                 ROLL_FORWARD_AWAITING_PULSE, ROLL_BACK_AWAITING_PULSE -> false;
        };
    }

    public boolean isActive() {
        return !isTerminal();
    }
}
