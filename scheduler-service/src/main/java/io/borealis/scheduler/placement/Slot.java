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

    /** What is left after taking these resources and ports (a port not in the ranges is ignored). */
    public Slot without(double takenCpus, double takenMemMb, double takenDiskMb, java.util.Collection<Integer> takenPorts) {
        List<PortRange> left = new java.util.ArrayList<>();
        for (PortRange range : ports) {
            long begin = range.begin();
            for (long port = range.begin(); port <= range.end(); port++) {
                if (takenPorts.contains((int) port)) {
                    if (begin < port) {
                        left.add(new PortRange(begin, port - 1));
                    }
                    begin = port + 1;
                }
            }
            if (begin <= range.end()) {
                left.add(new PortRange(begin, range.end()));
            }
        }
        return new Slot(offerId, agentId, hostname, attributes, cpus - takenCpus, memMb - takenMemMb,
                diskMb - takenDiskMb, List.copyOf(left), mode);
    }

    long freePorts() {
        long free = 0;
        for (PortRange range : ports) {
            free += range.size();
        }
        return free;
    }
}
