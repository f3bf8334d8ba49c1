package io.borealis.scheduler.placement;

import io.borealis.api.job.Constraint;

/** Limit constraints: at most {@code limit} active tasks of the job per value of the attribute (host 1, zone 2...). */
final class LimitConstraintCheck implements FeasibilityCheck {

    @Override
    public Kind kind() {
        return Kind.ROUND;
    }

    @Override
    public Veto check(Demand demand, Slot slot, JobSpread spread) {
        for (Constraint constraint : demand.constraints()) {
            if (constraint.limit() == null) {
                continue;
            }
            String value = slot.attribute(constraint.attribute());
            if (value == null) {
                return Veto.CONSTRAINT_MISMATCH;
            }
            if (spread.count(demand.job(), constraint.attribute(), value) >= constraint.limit()) {
                return Veto.LIMIT_REACHED;
            }
        }
        return null;
    }
}
