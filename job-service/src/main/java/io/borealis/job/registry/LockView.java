package io.borealis.job.registry;

import java.time.Instant;

/** The update lock of a job: which update holds it and since when. */
record LockView(String holder, Instant since) {
}
