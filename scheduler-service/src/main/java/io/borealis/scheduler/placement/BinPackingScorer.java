package io.borealis.scheduler.placement;

/**
 * Bin-packing: prefer the fullest agent that fits (least left after the task), keeping whole agents
 * free for big tasks. What an offer has left is all we know, so memory and disk count per GiB,
 * cpus per core.
 */
final class BinPackingScorer implements Scorer {

    @Override
    public double score(Demand demand, Slot slot, JobSpread spread) {
        return -((slot.cpus() - demand.cpus()) + (slot.memMb() - demand.memMb()) / 1024 + (slot.diskMb() - demand.diskMb()) / 1024);
    }
}
