package io.borealis.update.strategy;

/** Where one instance stands in one direction of a rollout. */
public enum Step {
    PENDING, IN_FLIGHT, SUCCEEDED, FAILED;

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
