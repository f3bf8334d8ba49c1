package io.borealis.scheduler.mesos;

import io.borealis.api.job.HealthCheck;
import java.util.List;
import java.util.Map;

/**
 * One task to launch, fully decided: resources, the ports taken (name → port, in declaration order)
 * and the process environment.
 */
public record Launch(
        String taskId,
        String name,
        String agentId,
        String command,
        Map<String, String> environment,
        double cpus,
        double memMb,
        double diskMb,
        Map<String, Integer> ports,
        HealthCheck healthCheck,
        Integer killGracePeriodSecs) {

    public List<Integer> portNumbers() {
        return List.copyOf(ports.values());
    }
}
