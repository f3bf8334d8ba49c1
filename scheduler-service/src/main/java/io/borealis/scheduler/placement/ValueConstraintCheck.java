package io.borealis.scheduler.placement;

import io.borealis.api.job.Constraint;
import java.util.Optional;

/**
 * Value constraints: the agent's attribute must be one of the values; a value starting with
 * {@code !} excludes it instead. An agent without the attribute satisfies only exclusions.
 */
final class ValueConstraintCheck implements FeasibilityCheck {

    @Override
    public Optional<Veto> check(Demand demand, Slot slot, JobSpread spread) {
        for (Constraint constraint : demand.constraints()) {
            if (constraint.values() == null || constraint.values().isEmpty()) {
                continue;
            }
            String actual = slot.attribute(constraint.attribute());
            if (!satisfies(constraint, actual)) {
                return Optional.of(Veto.CONSTRAINT_MISMATCH);
            }
        }
        return Optional.empty();
    }

    private static boolean satisfies(Constraint constraint, String actual) {
        boolean anyPositive = false;
        boolean matched = false;
        for (String value : constraint.values()) {
            if (value.startsWith("!")) {
                if (value.substring(1).equals(actual)) {
                    return false;
                }
            } else {
                anyPositive = true;
                matched |= value.equals(actual);
            }
        }
        return !anyPositive || matched;
    }
}
