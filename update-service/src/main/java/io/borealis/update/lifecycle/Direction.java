package io.borealis.update.lifecycle;

/** Which way the engine is running: rollback is the same engine in the other direction. */
public enum Direction {
    FORWARD, BACK;

    public static Direction of(UpdateStatus status) {
        return switch (status) {
            case ROLLING_BACK, ROLL_BACK_PAUSED, ROLL_BACK_AWAITING_PULSE, ROLLED_BACK -> BACK;
            case ROLLING_FORWARD, ROLL_FORWARD_PAUSED, ROLL_FORWARD_AWAITING_PULSE, ROLLED_FORWARD,
                 ABORTED, FAILED, ERROR -> FORWARD;
        };
    }

    /** The moving status of this direction. */
    public UpdateStatus rolling() {
        return this == FORWARD ? UpdateStatus.ROLLING_FORWARD : UpdateStatus.ROLLING_BACK;
    }

    public UpdateStatus paused() {
        return this == FORWARD ? UpdateStatus.ROLL_FORWARD_PAUSED : UpdateStatus.ROLL_BACK_PAUSED;
    }

    public UpdateStatus awaitingPulse() {
        return this == FORWARD ? UpdateStatus.ROLL_FORWARD_AWAITING_PULSE : UpdateStatus.ROLL_BACK_AWAITING_PULSE;
    }

    public UpdateStatus done() {
        return this == FORWARD ? UpdateStatus.ROLLED_FORWARD : UpdateStatus.ROLLED_BACK;
    }

    public InstanceAction starting() {
        return this == FORWARD ? InstanceAction.INSTANCE_UPDATING : InstanceAction.INSTANCE_ROLLING_BACK;
    }

    public InstanceAction succeeded() {
        return this == FORWARD ? InstanceAction.INSTANCE_UPDATED : InstanceAction.INSTANCE_ROLLED_BACK;
    }

    public InstanceAction failed() {
        return this == FORWARD ? InstanceAction.INSTANCE_UPDATE_FAILED : InstanceAction.INSTANCE_ROLLBACK_FAILED;
    }
}
