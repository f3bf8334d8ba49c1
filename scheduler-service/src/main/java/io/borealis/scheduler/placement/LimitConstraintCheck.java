package io.borealis.scheduler.placement;

import io.borealis.api.job.Constraint;
import java.util.Optional;

/** Limit constraints: at most {@code limit} active tasks of the job per value of the attribute. */
final class LimitConstraintCheck implements FeasibilityCheck {

    @Override
    public Optional<Veto> check(Demand demand, Slot slot, JobSpread spread) {
        for (Constraint constraint : demand.constraints()) {
            if (constraint.limit() == null) {
                continue;
            }
            String value = slot.attribute(constraint.attribute());
            if (value == null) {
                return Optional.of(Veto.CONSTRAINT_MISMATCH);
            }
            if (spread.count(demand.job(), constraint.attribute(), value) >= constraint.limit()) {
                return Optional.of(Veto.LIMIT_REACHED);
            }
        }
        return Optional.empty();
    }
}
