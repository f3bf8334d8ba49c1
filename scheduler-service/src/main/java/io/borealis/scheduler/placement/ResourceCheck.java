package io.borealis.scheduler.placement;

/** Enough cpus, memory, disk and free ports left on the offer. */
final class ResourceCheck implements FeasibilityCheck {

    private static final double EPSILON = 1e-9;

    @Override
    public Kind kind() {
        return Kind.ROUND;
    }

    @Override
    public Veto check(Demand demand, Slot slot, JobSpread spread) {
        if (slot.cpus() + EPSILON < demand.cpus()) {
            return Veto.INSUFFICIENT_CPUS;
        }
        if (slot.memMb() + EPSILON < demand.memMb()) {
            return Veto.INSUFFICIENT_MEM;
        }
        if (slot.diskMb() + EPSILON < demand.diskMb()) {
            return Veto.INSUFFICIENT_DISK;
        }
        if (!demand.portNames().isEmpty() && slot.freePorts() < demand.portNames().size()) {
            return Veto.INSUFFICIENT_PORTS;
        }
        return null;
    }
}
