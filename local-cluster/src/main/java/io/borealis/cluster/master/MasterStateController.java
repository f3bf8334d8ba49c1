package io.borealis.cluster.master;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Mesos-style read endpoints and the operator's agent switches (for fault tests). */
@RestController
class MasterStateController {

    private final Master master;

    MasterStateController(Master master) {
        this.master = master;
    }

    @GetMapping("/master/state")
    MasterState state() {
        return master.snapshot();
    }

    /** Like a Mesos master: 200 with an empty body while it is serving. */
    @GetMapping("/master/health")
    ResponseEntity<Void> health() {
        return ResponseEntity.ok().build();
    }

    @PostMapping("/api/v1/cluster/agents/{agentId}/stop")
    Map<String, Object> stop(@PathVariable String agentId) {
        master.stopAgent(agentId);
        return Map.of("agent_id", agentId, "active", false);
    }

    @PostMapping("/api/v1/cluster/agents/{agentId}/start")
    Map<String, Object> start(@PathVariable String agentId) {
        master.startAgent(agentId);
        return Map.of("agent_id", agentId, "active", true);
    }
}
