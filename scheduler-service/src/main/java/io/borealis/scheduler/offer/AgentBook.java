package io.borealis.scheduler.offer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Attributes of every agent seen in an offer, so limit constraints can count where a job's tasks run. */
@Component
class AgentBook {

    private final Map<String, Map<String, String>> attributes = new ConcurrentHashMap<>();

    void seen(String agentId, Map<String, String> agentAttributes) {
        attributes.put(agentId, agentAttributes);
    }

    Map<String, String> attributes(String agentId) {
        return agentId == null ? Map.of() : attributes.getOrDefault(agentId, Map.of());
    }
}
