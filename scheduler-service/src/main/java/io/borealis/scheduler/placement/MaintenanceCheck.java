package io.borealis.scheduler.placement;

/** Hosts under maintenance (DRAINING or DRAINED) take nothing. */
final class MaintenanceCheck implements FeasibilityCheck {

    @Override
    public Kind kind() {
        return Kind.STATIC;
    }

    @Override
    public Veto check(Demand demand, Slot slot, JobSpread spread) {
        return slot.mode() == AgentMode.ACTIVE ? null : Veto.MAINTENANCE;
    }
}
