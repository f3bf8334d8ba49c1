package io.borealis.api.job;

import java.time.Instant;
import java.util.Map;

/**
 * A stored job as job-service serves it: the spec it was created from, every config version the
 * job still uses, and which version each instance should run (instance id → config version).
 */
public record JobView(
        JobKey key,
        JobKind kind,
        int instanceCount,
        JobSpec spec,
        Map<String, TaskConfig> configs,
        Map<Integer, String> instances,
        Instant createdAt,
        Instant updatedAt) {
}
