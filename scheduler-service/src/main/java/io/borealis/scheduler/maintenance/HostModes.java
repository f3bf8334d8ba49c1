package io.borealis.scheduler.maintenance;

import io.borealis.scheduler.leader.LeaderFence;
import io.borealis.scheduler.placement.AgentMode;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The maintenance mode of every host: kept in the database (written by the leader, behind the fence)
 * and cached in memory for placement, which asks for every offer. The cache is reloaded after every
 * write and on every drain tick, so a standby's view follows the leader's.
 */
@Component
public class HostModes {

    private final HostMaintenances rows;
    private final LeaderFence fence;
    private final Clock clock = Clock.systemUTC();
    private volatile Map<String, AgentMode> cache = Map.of();

    HostModes(HostMaintenances rows, LeaderFence fence) {
        this.rows = rows;
        this.fence = fence;
    }

    /** ACTIVE unless the host is under maintenance. */
    public AgentMode of(String hostname) {
        return hostname == null ? AgentMode.ACTIVE : cache.getOrDefault(hostname, AgentMode.ACTIVE);
    }

    Map<String, AgentMode> all() {
        return cache;
    }

    /** Hosts not yet under maintenance become DRAINING; those already are stay as they are. */
    @Transactional
    public void drain(Collection<String> hosts) {
        fence.check();
        for (String host : hosts) {
            if (!rows.existsById(host)) {
                rows.save(new HostMaintenance(host, clock.instant()));
            }
        }
    }

    @Transactional
    public void end(Collection<String> hosts) {
        fence.check();
        rows.deleteAllById(hosts);
    }

    @Transactional
    public void drained(Collection<String> hosts) {
        fence.check();
        rows.findAllById(hosts).forEach(row -> row.drained(clock.instant()));
    }

    @Transactional(readOnly = true)
    public void refresh() {
        Map<String, AgentMode> modes = new HashMap<>();
        List<HostMaintenance> all = rows.findAll();
        all.forEach(row -> modes.put(row.hostname(), row.mode()));
        cache = Map.copyOf(modes);
    }
}
