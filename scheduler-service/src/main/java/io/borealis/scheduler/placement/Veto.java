package io.borealis.scheduler.placement;

/** Why an offer cannot take a task. {@code transientReason}: may clear by itself (resources free up). */
public enum Veto {
    INSUFFICIENT_CPUS(true),
    INSUFFICIENT_MEM(true),
    INSUFFICIENT_DISK(true),
    INSUFFICIENT_PORTS(true),
    CONSTRAINT_MISMATCH(false),
    LIMIT_REACHED(true);

    private final boolean transientReason;

    Veto(boolean transientReason) {
        this.transientReason = transientReason;
    }

    public boolean transientReason() {
        return transientReason;
    }
}
