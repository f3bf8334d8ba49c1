package io.borealis.scheduler.placement;

/**
 * Why an agent cannot take a task (Aurora's Veto), with its {@link Type}: a STATIC veto depends only
 * on the task's config and the agent's fixed attributes, so it stays until one of them changes; a
 * DYNAMIC one depends on the cluster's state (free resources, where the job runs, maintenance) and
 * can clear by itself.
 */
public enum Veto {
    /** The host is DRAINING or DRAINED: it takes nothing until maintenance ends. */
    MAINTENANCE(Type.DYNAMIC),
    /** The agent is dedicated ({@code dedicated=<role>/<name>}) to another job. */
    DEDICATED_TO_OTHER_JOB(Type.STATIC),
    /** The job runs on its dedicated agents only, and this is not one of them. */
    NOT_DEDICATED(Type.STATIC),
    /** A value constraint (in / not in) does not hold for the agent's attribute. */
    CONSTRAINT_MISMATCH(Type.STATIC),
    INSUFFICIENT_CPUS(Type.DYNAMIC),
    INSUFFICIENT_MEM(Type.DYNAMIC),
    INSUFFICIENT_DISK(Type.DYNAMIC),
    INSUFFICIENT_PORTS(Type.DYNAMIC),
    /** A limit constraint: the job already has its maximum on this attribute value (e.g. one per host). */
    LIMIT_REACHED(Type.DYNAMIC);

    /** Whether a veto can clear by itself. */
    public enum Type { STATIC, DYNAMIC }

    private final Type type;

    Veto(Type type) {
        this.type = type;
    }

    public Type type() {
        return type;
    }

    /** True for a DYNAMIC veto: it may clear by itself (served as {@code transientReason}). */
    public boolean transientReason() {
        return type == Type.DYNAMIC;
    }
}
