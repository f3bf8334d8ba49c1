package io.borealis.scheduler.desired;

import io.borealis.api.job.JobKey;
import java.util.Set;

/** Published when a read found jobs that differ from what was known: added, changed or gone. */
public record DesiredStateChanged(Set<JobKey> jobs) {

    public DesiredStateChanged {
        jobs = Set.copyOf(jobs);
    }
}
