package io.borealis.update.strategy;

/**
 * One instance as the planner sees it: its id, its failure domain ("" when none or unknown), its
 * step, and the batch it was started in (0 while pending).
 */
public record Slot(int instance, String domain, Step step, int batch) {

    public Slot {
        domain = domain == null ? "" : domain;
    }
}
