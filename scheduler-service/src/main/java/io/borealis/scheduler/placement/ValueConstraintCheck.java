package io.borealis.scheduler.placement;

import io.borealis.api.job.Constraint;

/**
 * Value constraints: the agent's attribute must be one of the values; a value starting with
 * {@code !} excludes it instead. An agent without the attribute satisfies only exclusions.
 * {@code dedicated} is left to {@link DedicatedCheck}.
 */
final class ValueConstraintCheck implements FeasibilityCheck {

    @Override
    public Kind kind() {
        return Kind.STATIC;
    }

    @Override
    public Veto check(Demand demand, Slot slot, JobSpread spread) {
        for (Constraint constraint : demand.constraints()) {
            if (constraint.values() == null || constraint.values().isEmpty()
                    || DedicatedCheck.ATTRIBUTE.equals(constraint.attribute())) {
                continue;
            }
            if (!satisfies(constraint, slot.attribute(constraint.attribute()))) {
                return Veto.CONSTRAINT_MISMATCH;
            }
        }
        return null;
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
