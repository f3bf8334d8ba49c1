package io.borealis.scheduler.placement;

import java.util.Optional;

/** Enough cpus, memory, disk and free ports left on the offer. */
final class ResourceCheck implements FeasibilityCheck {

    private static final double EPSILON = 1e-9;

    @Override
    public Optional<Veto> check(Demand demand, Slot slot, JobSpread spread) {
        if (slot.cpus() + EPSILON < demand.cpus()) {
            return Optional.of(Veto.INSUFFICIENT_CPUS);
        }
        if (slot.memMb() + EPSILON < demand.memMb()) {
            return Optional.of(Veto.INSUFFICIENT_MEM);
        }
        if (slot.diskMb() + EPSILON < demand.diskMb()) {
            return Optional.of(Veto.INSUFFICIENT_DISK);
        }
        if (slot.freePorts() < demand.portNames().size()) {
            return Optional.of(Veto.INSUFFICIENT_PORTS);
        }
        return Optional.empty();
    }
}
