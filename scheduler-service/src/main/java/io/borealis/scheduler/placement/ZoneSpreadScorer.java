package io.borealis.scheduler.placement;

/**
 * Spreads one job's instances across failure domains: an agent whose zone already holds more of the
 * job scores lower, by more than any bin-packing difference (losing a zone must not lose the job).
 */
final class ZoneSpreadScorer implements Scorer {

    static final String ZONE = "zone";
    private static final double PER_TASK_IN_ZONE = 1_000_000;

    @Override
    public double score(Demand demand, Slot slot, JobSpread spread) {
        String zone = slot.attributes().get(ZONE);
        return zone == null ? 0 : -PER_TASK_IN_ZONE * spread.count(demand.job(), ZONE, zone);
    }
}
