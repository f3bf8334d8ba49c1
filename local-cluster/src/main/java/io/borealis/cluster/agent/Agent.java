package io.borealis.cluster.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One agent: identity, attributes and total resources, plus the mutable accounting of what is
 * used by tasks and what is out in offers. What is left is kept up to date at each change, since
 * the allocator reads it far more often than it changes. The mutable part is guarded by the
 * master's lock.
 */
public final class Agent {

    private final String id;
    private final String hostname;
    private final Map<String, String> attributes;
    private final ResourceSet total;

    private ResourceSet used = ResourceSet.EMPTY;
    private ResourceSet offered = ResourceSet.EMPTY;
    private ResourceSet available;
    private boolean active = true;

    Agent(String id, String hostname, Map<String, String> attributes, ResourceSet total) {
        this.id = id;
        this.hostname = hostname;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.total = total;
        this.available = total;
    }

    public String id() {
        return id;
    }

    public String hostname() {
        return hostname;
    }

    /** Text attributes: host, zone, rack. */
    public Map<String, String> attributes() {
        return attributes;
    }

    public ResourceSet total() {
        return total;
    }

    public ResourceSet used() {
        return used;
    }

    public ResourceSet offered() {
        return offered;
    }

    /** What is neither used by tasks nor out in an offer. */
    public ResourceSet available() {
        return available;
    }

    public boolean active() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public void use(ResourceSet resources) {
        used = used.plus(resources);
        recount();
    }

    public void release(ResourceSet resources) {
        used = used.minus(resources);
        recount();
    }

    public void offer(ResourceSet resources) {
        offered = offered.plus(resources);
        recount();
    }

    public void unoffer(ResourceSet resources) {
        offered = offered.minus(resources);
        recount();
    }

    /** Forgets all usage and offers (the agent went away). */
    public void reset() {
        used = ResourceSet.EMPTY;
        offered = ResourceSet.EMPTY;
        available = total;
    }

    private void recount() {
        available = total.minus(used).minus(offered);
    }
}
