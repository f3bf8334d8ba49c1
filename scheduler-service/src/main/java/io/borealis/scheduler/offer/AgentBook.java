package io.borealis.scheduler.offer;

import io.borealis.scheduler.mesos.Offer;
import io.borealis.scheduler.placement.Slot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Every agent seen in an offer, in memory: its attributes (limit constraints count where a job's
 * tasks run) and what it last offered (served by {@code GET /api/v1/cluster/agents}). A new leader
 * learns them again from its first offers.
 */
@Component
class AgentBook {

    /** An agent as its last offer showed it; {@code offered} is what was free then, not its total. */
    record Seen(String agentId, String hostname, Map<String, String> attributes, AgentView.Amounts offered,
                Instant lastOfferAt) {
    }

    private final Map<String, Seen> agents = new ConcurrentHashMap<>();
    private final Map<String, Slot> free = new ConcurrentHashMap<>();

    void seen(Offer offer) {
        List<String> ports = offer.ports().stream().map(r -> r.begin() + "-" + r.end()).toList();
        agents.put(offer.agentId(), new Seen(offer.agentId(), offer.hostname(), Map.copyOf(offer.attributes()),
                new AgentView.Amounts(offer.cpus(), offer.memMb(), offer.diskMb(), ports, 0), Instant.now()));
    }

    /** What the agent has free now: its last offer less what we placed on it from that offer (for preemption). */
    void free(Slot left) {
        free.put(left.agentId(), left);
    }

    /** Every agent's free resources as last known. */
    List<Slot> free() {
        return List.copyOf(free.values());
    }

    Map<String, String> attributes(String agentId) {
        Seen seen = agentId == null ? null : agents.get(agentId);
        return seen == null ? Map.of() : seen.attributes();
    }

    List<Seen> all() {
        return List.copyOf(agents.values());
    }
}
