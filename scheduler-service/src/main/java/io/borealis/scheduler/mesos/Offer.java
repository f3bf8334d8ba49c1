package io.borealis.scheduler.mesos;

import java.util.List;
import java.util.Map;

/** A resource offer from one agent, in our terms. {@code allocationRole} is the role the resources are allocated to. */
public record Offer(
        String id,
        String agentId,
        String hostname,
        Map<String, String> attributes,
        double cpus,
        double memMb,
        double diskMb,
        List<PortRange> ports,
        String allocationRole) {

    /** An inclusive range of port numbers. */
    public record PortRange(long begin, long end) {
    }
}
