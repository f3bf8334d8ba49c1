package io.borealis.scheduler.placement;

import io.borealis.api.job.Constraint;

/**
 * Dedicated agents (Aurora's): an agent with attribute {@code dedicated=<role>/<name>} takes only
 * that job, and a job with a constraint on {@code dedicated} goes only to agents dedicated to one of
 * the constraint's values.
 */
final class DedicatedCheck implements FeasibilityCheck {

    static final String ATTRIBUTE = "dedicated";

    @Override
    public Kind kind() {
        return Kind.STATIC;
    }

    @Override
    public Veto check(Demand demand, Slot slot, JobSpread spread) {
        String dedicatedTo = slot.attributes().get(ATTRIBUTE);
        Constraint wanted = null;
        for (Constraint constraint : demand.constraints()) {
            if (ATTRIBUTE.equals(constraint.attribute()) && constraint.values() != null) {
                wanted = constraint;
            }
        }
        if (wanted != null) {
            return dedicatedTo != null && wanted.values().contains(dedicatedTo) ? null : Veto.NOT_DEDICATED;
        }
        return dedicatedTo == null || dedicatedTo.equals(demand.dedicatedName()) ? null : Veto.DEDICATED_TO_OTHER_JOB;
    }
}
