package io.borealis.scheduler.maintenance;

import io.borealis.scheduler.placement.AgentMode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One host under maintenance: DRAINING or DRAINED (ACTIVE hosts have no row). */
@Entity
@Table(name = "host_maintenance")
class HostMaintenance {

    @Id
    private String hostname;
    @Enumerated(EnumType.STRING)
    private AgentMode mode;
    @Column(name = "requested_at")
    private Instant requestedAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected HostMaintenance() {
    }

    HostMaintenance(String hostname, Instant now) {
        this.hostname = hostname;
        this.mode = AgentMode.DRAINING;
        this.requestedAt = now;
        this.updatedAt = now;
    }

    void drained(Instant now) {
        this.mode = AgentMode.DRAINED;
        this.updatedAt = now;
    }

    String hostname() {
        return hostname;
    }

    AgentMode mode() {
        return mode;
    }

    Instant requestedAt() {
        return requestedAt;
    }
}
