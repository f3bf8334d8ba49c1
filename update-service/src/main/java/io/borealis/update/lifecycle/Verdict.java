package io.borealis.update.lifecycle;

import java.time.Instant;

/** What the {@link InstanceWatch} concluded about one in-flight instance. */
public sealed interface Verdict {

    /** Failures of this instance counted so far in this direction (never less than already recorded). */
    int failures();

    /** Running (and healthy) on the target long enough, or removed. */
    record Succeeded(int failures) implements Verdict {
    }

    /** More failures than allowed. */
    record Failed(int failures, String reason) implements Verdict {
    }

    /**
     * Not there yet; {@code reason} says what it waits for (served as "blocked by"); {@code watchEnds}
     * is when it succeeds unless something changes (its watch period ends), null when not known.
     */
    record Watching(int failures, String reason, Instant watchEnds) implements Verdict {

        public Watching(int failures, String reason) {
            this(failures, reason, null);
        }
    }
}
