package io.borealis.cluster.master;

import io.borealis.cluster.agent.Agent;
import io.borealis.cluster.agent.ResourceSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.DomainInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The allocator: offers each agent's free resources to connected frameworks, remembers offers
 * that are out, and honours DECLINE/ACCEPT filters. An offer id is usable once. Guarded by the
 * master's lock.
 *
 * <p>An allocation looks only at the agents that may have something new to offer since the last
 * one: those whose free resources grew (an offer came back, a task ended), whose filters expired
 * or which returned; every agent when frameworks may see more than before (one subscribed or
 * revived) and in the master's periodic allocation. An agent left out had nothing to give at the
 * last allocation and still has nothing, so its cost grows with what changed, not with the cluster.
 */
final class OfferBook {

    /** An offer that is out: its resources are counted as offered on its agent. */
    record Outstanding(String offerId, String frameworkId, Agent agent, ResourceSet resources) {
    }

    private final Map<String, Outstanding> offers = new HashMap<>();
    /** Agents to look at in the next allocation, in the order they changed. */
    private final Set<Agent> changed = new LinkedHashSet<>();
    private boolean everyAgentChanged = true;
    private final String idPrefix = UUID.randomUUID() + "-O";
    private long nextId;

    /** The agent may have something new to offer (resources came back, a filter expired, it returned). */
    void changed(Agent agent) {
        if (!everyAgentChanged) {
            changed.add(agent);
        }
    }

    /** Every agent may have something new to offer (a framework subscribed, revived, lost its filters). */
    void everyAgentChanged() {
        everyAgentChanged = true;
        changed.clear();
    }

    /** Offers what changed since the last allocation (see the class comment). */
    void allocateChanged(Collection<Framework> frameworks, List<Agent> agents, Instant now) {
        if (everyAgentChanged) {
            allocate(frameworks, agents, now);
            return;
        }
        List<Agent> some = List.copyOf(changed);
        changed.clear();
        offer(frameworks, some, now);
    }

    /** Offers what is free on every active agent to every connected, unsuppressed framework. */
    void allocate(Collection<Framework> frameworks, List<Agent> agents, Instant now) {
        everyAgentChanged = false;
        changed.clear();
        offer(frameworks, agents, now);
    }

    private void offer(Collection<Framework> frameworks, List<Agent> agents, Instant now) {
        for (Framework framework : frameworks) {
            if (!framework.connected() || framework.suppressed) {
                continue;
            }
            Event.Offers.Builder batch = Event.Offers.newBuilder();
            for (Agent agent : agents) {
                ResourceSet available = agent.available();
                if (!agent.active() || !available.offerable() || filtered(framework, agent, available, now)) {
                    continue;
                }
                String offerId = idPrefix + nextId++;
                offers.put(offerId, new Outstanding(offerId, framework.id, agent, available));
                agent.offer(available);
                batch.addOffers(toProto(offerId, framework, agent, available));
            }
            if (batch.getOffersCount() > 0) {
                framework.send(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(batch).build());
            }
        }
    }

    private static boolean filtered(Framework framework, Agent agent, ResourceSet available, Instant now) {
        Framework.OfferFilter filter = framework.filters.get(agent.id());
        if (filter == null) {
            return false;
        }
        if (!filter.until().isAfter(now)) {
            framework.filters.remove(agent.id());
            return false;
        }
        // like Mesos' RefusedOfferFilter: only resources within the refused ones are held back,
        // so a task ending on the agent gets its resources offered at once
        return filter.refused().contains(available);
    }

    /** Removes the offer (if it is this framework's) and returns its resources to the agent; null if not out. */
    Outstanding take(String offerId, String frameworkId) {
        Outstanding offer = offers.get(offerId);
        if (offer == null || !offer.frameworkId().equals(frameworkId)) {
            return null;
        }
        offers.remove(offerId);
        giveBack(offer);
        return offer;
    }

    /** Rescinds every offer on the agent (it went away). */
    void rescind(Agent agent, Map<String, Framework> frameworks) {
        for (Iterator<Outstanding> it = offers.values().iterator(); it.hasNext(); ) {
            Outstanding offer = it.next();
            if (offer.agent() == agent) {
                it.remove();
                giveBack(offer);
                Framework framework = frameworks.get(offer.frameworkId());
                if (framework != null) {
                    framework.send(Event.newBuilder().setType(Event.Type.RESCIND)
                            .setRescind(Event.Rescind.newBuilder().setOfferId(OfferID.newBuilder().setValue(offer.offerId())))
                            .build());
                }
            }
        }
    }

    /** Drops the framework's offers without telling it: its subscription is gone. */
    void drop(String frameworkId) {
        for (Iterator<Outstanding> it = offers.values().iterator(); it.hasNext(); ) {
            Outstanding offer = it.next();
            if (offer.frameworkId().equals(frameworkId)) {
                it.remove();
                giveBack(offer);
            }
        }
    }

    private void giveBack(Outstanding offer) {
        offer.agent().unoffer(offer.resources());
        changed(offer.agent());
    }

    int outstanding() {
        return offers.size();
    }

    private static Offer toProto(String offerId, Framework framework, Agent agent, ResourceSet resources) {
        String role = framework.role();
        Offer.Builder offer = Offer.newBuilder()
                .setId(OfferID.newBuilder().setValue(offerId))
                .setFrameworkId(FrameworkID.newBuilder().setValue(framework.id))
                .setAgentId(AgentID.newBuilder().setValue(agent.id()))
                .setHostname(agent.hostname())
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role))
                .addAllResources(resources.toProto(role));
        agent.attributes().forEach((name, value) -> offer.addAttributes(Attribute.newBuilder().setName(name)
                .setType(Value.Type.TEXT).setText(Value.Text.newBuilder().setValue(value))));
        String zone = agent.attributes().get("zone");
        if (zone != null) {
            offer.setDomain(DomainInfo.newBuilder().setFaultDomain(DomainInfo.FaultDomain.newBuilder()
                    .setRegion(DomainInfo.FaultDomain.RegionInfo.newBuilder().setName("local"))
                    .setZone(DomainInfo.FaultDomain.ZoneInfo.newBuilder().setName(zone))));
        }
        return offer.build();
    }
}
