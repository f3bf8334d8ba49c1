package io.borealis.job.registry;

import io.borealis.job.spec.ConfigChanges;
import io.borealis.job.spec.InstanceChanges;
import java.util.List;

/**
 * What updating a job to a proposed spec would change: per instance ({@link InstanceChanges}) and
 * field by field between the job's newest config and the proposed one.
 *
 * @param currentVersions the config versions the job's instances run now
 * @param newestVersion   the job's newest config (what {@code configChanges} compares against)
 */
record JobDiff(
        List<String> currentVersions,
        String newestVersion,
        String proposedVersion,
        List<Integer> added,
        List<Integer> removed,
        List<InstanceChanges.Change> changed,
        List<Integer> unchanged,
        List<ConfigChanges.Change> configChanges) {
}
