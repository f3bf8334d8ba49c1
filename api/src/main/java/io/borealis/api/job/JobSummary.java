package io.borealis.api.job;

import java.util.Map;
import java.util.Set;

/** One line of the job list: the key, instance count, versions in use and task counts by status. */
public record JobSummary(
        JobKey key,
        JobKind kind,
        int instanceCount,
        Set<String> configVersions,
        Map<String, Integer> taskCounts) {
}
