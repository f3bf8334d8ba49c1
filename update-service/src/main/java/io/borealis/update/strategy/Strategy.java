package io.borealis.update.strategy;

import java.util.Locale;

/** How instances are grouped into batches. */
public enum Strategy {
    /** Keep {@code batchSize} instances in flight: a finished one is replaced at once. */
    QUEUE,
    /** Strict batches of {@code batchSize}: the next batch starts when the whole previous one finished. */
    BATCH,
    /** Strict batches whose sizes follow {@code batchSizes}, the last size repeating. */
    VARIABLE_BATCH;

    /** Parses a strategy name (case-insensitive); null means the default, QUEUE. */
    public static Strategy parse(String name) {
        if (name == null) {
            return QUEUE;
        }
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
