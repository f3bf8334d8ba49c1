package io.borealis.scheduler.mesos;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The framework id the master gave us; one row, kept so a restart re-subscribes as the same framework. */
@Entity
@Table(name = "framework")
class Framework {

    static final String NAME = "borealis";

    @Id
    private String name;

    @Column(name = "framework_id", nullable = false)
    private String frameworkId;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Framework() {
    }

    Framework(String frameworkId) {
        this.name = NAME;
        this.frameworkId = frameworkId;
        this.updatedAt = Instant.now();
    }

    String frameworkId() {
        return frameworkId;
    }
}
