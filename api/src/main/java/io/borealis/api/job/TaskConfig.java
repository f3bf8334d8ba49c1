package io.borealis.api.job;

import java.util.List;
import java.util.Map;

/**
 * What one instance runs. Immutable once stored: its content hash is the config version, so the
 * same config always has the same version.
 */
public record TaskConfig(
        String command,
        Map<String, String> env,
        Resources resources,
        HealthCheck healthCheck,
        List<Constraint> constraints,
        String tier,
        Integer priority,
        Boolean production,
        Integer maxTaskFailures,
        Integer killGracePeriodSecs) {
}
