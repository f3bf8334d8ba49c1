package io.borealis.update.strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides which instances start next. Slots come in the order they must go (the caller sorts them
 * by failure domain, then instance id; reversed for a rollback). Invariants, whatever the input:
 * never more than the batch size in flight, only pending instances start, a batch never spans two
 * failure domains, and with a failure domain the first batch (the canary) runs alone.
 */
public final class BatchPlanner {

    private final Strategy strategy;
    private final int batchSize;
    private final List<Integer> batchSizes;
    private final boolean canary;

    /**
     * @param batchSizes used by VARIABLE_BATCH, the last one repeating
     * @param canary     whether the first batch must finish before any other instance starts
     */
    public BatchPlanner(Strategy strategy, int batchSize, List<Integer> batchSizes, boolean canary) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        if (strategy == Strategy.VARIABLE_BATCH && (batchSizes == null || batchSizes.isEmpty()
                || batchSizes.stream().anyMatch(size -> size == null || size < 1))) {
            throw new IllegalArgumentException("VARIABLE_BATCH needs batchSizes, each at least 1");
        }
        this.strategy = strategy;
        this.batchSize = batchSize;
        this.batchSizes = batchSizes == null ? List.of() : List.copyOf(batchSizes);
        this.canary = canary;
    }

    /** The size of batch number {@code batch} (1-based). */
    public int sizeOf(int batch) {
        if (strategy != Strategy.VARIABLE_BATCH) {
            return batchSize;
        }
        return batchSizes.get(Math.min(batch, batchSizes.size()) - 1);
    }

    /** The next instances to start, given the slots in order and how many batches were started so far. */
    public Plan next(List<Slot> slots, int batchesStarted) {
        List<Slot> inFlight = slots.stream().filter(s -> s.step() == Step.IN_FLIGHT).toList();
        List<Slot> pending = slots.stream().filter(s -> s.step() == Step.PENDING).toList();
        if (pending.isEmpty()) {
            return Plan.nothing();
        }
        String domain = pending.get(0).domain();
        if (inFlight.stream().anyMatch(s -> !s.domain().equals(domain))) {
            return Plan.waiting("failure domain '" + inFlight.get(0).domain() + "' to finish before '"
                    + domain + "' starts");
        }
        if (canary && batchesStarted == 1 && !inFlight.isEmpty()) {
            return Plan.waiting("the canary batch (instances " + instances(inFlight) + ") to finish");
        }
        int room = switch (strategy) {
            case QUEUE -> sizeOf(batchesStarted + 1) - inFlight.size();
            case BATCH, VARIABLE_BATCH -> inFlight.isEmpty() ? sizeOf(batchesStarted + 1) : 0;
        };
        if (room <= 0) {
            return Plan.waiting("batch " + batchesStarted + " (instances " + instances(inFlight) + ") to finish");
        }
        List<Integer> start = new ArrayList<>();
        for (Slot slot : pending) {
            if (start.size() == room || !slot.domain().equals(domain)) {
                break;
            }
            start.add(slot.instance());
        }
        return new Plan(start, null);
    }

    private static List<Integer> instances(List<Slot> slots) {
        return slots.stream().map(Slot::instance).toList();
    }
}
