package io.borealis.scheduler.desired;

import io.borealis.api.job.JobKey;
import java.util.Set;

/**
 * Published when a read found jobs that differ from what was known: added, changed or gone; or, with
 * {@code everyJob}, when the first full read since this instance was elected leader completed (the
 * leader may act from then on, and should look at every job).
 */
public record DesiredStateChanged(Set<JobKey> jobs, boolean everyJob) {

    public DesiredStateChanged {
        jobs = Set.copyOf(jobs);
    }

    public DesiredStateChanged(Set<JobKey> jobs) {
        this(jobs, false);
    }
}
