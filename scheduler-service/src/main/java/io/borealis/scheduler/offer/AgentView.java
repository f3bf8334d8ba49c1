package io.borealis.scheduler.offer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One agent as {@code GET /api/v1/cluster/agents} serves it. {@code offered}: the free resources of
 * its last offer (null if we only know it from our tasks); {@code used}: what our active tasks on it
 * take; {@code mode}: ACTIVE, DRAINING or DRAINED (host maintenance, by hostname).
 */
record AgentView(String id, String hostname, Map<String, String> attributes, String mode, Amounts offered,
                 Amounts used, Instant lastOfferAt) {

    /** Resources: cpus, memory and disk in MB, ports (ranges offered, or the ports our tasks hold), and a task count. */
    record Amounts(double cpus, double memMb, double diskMb, List<String> ports, int tasks) {
    }
}
