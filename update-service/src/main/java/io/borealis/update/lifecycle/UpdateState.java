package io.borealis.update.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * Everything recorded about one update that the {@link UpdateEngine} needs. {@code instances} are
 * in the order the forward run visits them.
 */
public record UpdateState(
        UpdateKind kind,
        UpdateStatus status,
        RolloutSettings settings,
        int batchesStarted,
        int autoPausedBatch,
        Instant lastProgressAt,
        Instant lastPulseAt,
        List<InstanceState> instances) {

    public UpdateState {
        instances = List.copyOf(instances);
    }
}
