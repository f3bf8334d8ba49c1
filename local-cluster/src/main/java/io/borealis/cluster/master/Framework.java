package io.borealis.cluster.master;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Event;
import io.borealis.cluster.agent.ResourceSet;

/** A registered framework: its info, its current subscription (if any), tasks and offer filters. */
final class Framework {

    /** Resources refused on one agent until a time: offers within them are held back. */
    record OfferFilter(ResourceSet refused, Instant until) {
    }

    final String id;
    FrameworkInfo info;
    Subscription subscription;
    boolean suppressed;
    ScheduledFuture<?> failoverTimer;
    final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    final Map<String, OfferFilter> filters = new HashMap<>();

    Framework(String id, FrameworkInfo info) {
        this.id = id;
        this.info = info;
    }

    boolean connected() {
        return subscription != null;
    }

    boolean has(FrameworkInfo.Capability.Type capability) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == capability);
    }

    boolean partitionAware() {
        return has(FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }

    /** The role offers are allocated to: the first of roles (MULTI_ROLE), else role. */
    String role() {
        return info.getRolesCount() > 0 ? info.getRoles(0) : info.getRole();
    }

    void send(Event event) {
        if (subscription != null) {
            subscription.send(event);
        }
    }
}
