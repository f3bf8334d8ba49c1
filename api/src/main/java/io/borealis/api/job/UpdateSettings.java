package io.borealis.api.job;

import java.util.List;

/** How a rolling update proceeds (Aurora's JobUpdateSettings); null fields take their documented defaults. */
public record UpdateSettings(
        Integer batchSize,
        String strategy,
        List<Integer> batchSizes,
        Integer watchSecs,
        Integer maxPerInstanceFailures,
        Integer maxFailedInstances,
        Boolean rollbackOnFailure,
        Boolean autoPauseAfterBatch,
        Integer pulseTimeoutSecs,
        Integer progressDeadlineSecs,
        List<Integer> instances,
        String failureDomain) {
}
