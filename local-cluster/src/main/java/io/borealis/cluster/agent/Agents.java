package io.borealis.cluster.agent;

import io.borealis.cluster.ClusterProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The agents of this cluster, created once at start-up from the settings. */
@Component
public class Agents {

    private static final String[] ZONES = {"a", "b", "c"};

    private final Map<String, Agent> byId = new LinkedHashMap<>();
    private final List<Agent> all;

    public Agents(ClusterProperties properties) {
        // like a Mesos master id: agent ids are "<cluster uuid>-S<n>", fresh on every start
        String clusterId = UUID.randomUUID().toString();
        int rangesBelowMax = Math.max(1, (PortSet.MAX_PORT + 1 - properties.firstPort())
                / Math.max(1, properties.portsPerAgent()));
        for (int i = 1; i <= properties.agents(); i++) {
            PortSet ports = PortSet.EMPTY;
            if (properties.portsPerAgent() > 0) {
                long first = properties.firstPort() + (long) properties.portsPerAgent() * ((i - 1) % rangesBelowMax);
                ports = PortSet.range(first, Math.min(PortSet.MAX_PORT, first + properties.portsPerAgent() - 1));
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("host", "agent-" + i);
            attributes.put("zone", ZONES[(i - 1) % ZONES.length]);
            attributes.put("rack", "r" + i);
            Agent agent = new Agent(clusterId + "-S" + (i - 1), properties.hostname().replace("{i}", String.valueOf(i)), attributes,
                    new ResourceSet(properties.cpusPerAgent(), properties.memPerAgent(), properties.diskPerAgent(), ports));
            byId.put(agent.id(), agent);
        }
        all = List.copyOf(byId.values());
    }

    /** Every agent, in order (agent 1 first); the list never changes, so callers share it. */
    public List<Agent> all() {
        return all;
    }

    /** The agent with this id, or null. */
    public Agent get(String id) {
        return byId.get(id);
    }
}
