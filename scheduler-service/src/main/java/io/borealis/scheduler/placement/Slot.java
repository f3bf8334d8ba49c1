package io.borealis.scheduler.placement;

import java.util.List;
import java.util.Map;

/** What one offer has left to give while a placement round runs. */
public record Slot(
        String offerId,
        String agentId,
        String hostname,
        Map<String, String> attributes,
        double cpus,
        double memMb,
        double diskMb,
        List<PortRange> ports,
        AgentMode mode) {

    /** An offer of an ACTIVE agent. */
    public Slot(String offerId, String agentId, String hostname, Map<String, String> attributes, double cpus,
                double memMb, double diskMb, List<PortRange> ports) {
        this(offerId, agentId, hostname, attributes, cpus, memMb, diskMb, ports, AgentMode.ACTIVE);
    }

    /** An inclusive range of free ports. */
    public record PortRange(long begin, long end) {
        long size() {
            return end - begin + 1;
        }
    }

    /** An attribute value; {@code host} defaults to the hostname so "one per host" works everywhere. */
    public String attribute(String name) {
        String value = attributes.get(name);
        return value == null && "host".equals(name) ? hostname : value;
    }

    long freePorts() {
        long free = 0;
        for (PortRange range : ports) {
            free += range.size();
        }
        return free;
    }
}
