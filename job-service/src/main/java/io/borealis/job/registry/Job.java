package io.borealis.job.registry;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A row of {@code jobs}: the key, the spec (JSON, defaults applied) and the newest config version. */
@Entity
@Table(name = "jobs")
class Job {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String role;
    private String environment;
    private String name;

    @Enumerated(EnumType.STRING)
    private JobKind kind;

    private String spec;

    @Column(name = "current_version")
    private String currentVersion;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    /** The update (by id) that holds this job's update lock; null when unlocked. */
    @Column(name = "lock_holder")
    private String lockHolder;

    @Column(name = "locked_since")
    private Instant lockedSince;

    @Version
    private long version;

    protected Job() {
    }

    Job(JobKey key, JobKind kind, String spec, String currentVersion, Instant now) {
        this.role = key.role();
        this.environment = key.environment();
        this.name = key.name();
        this.kind = kind;
        this.spec = spec;
        this.currentVersion = currentVersion;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void changed(String newSpec, Instant now) {
        this.spec = newSpec;
        this.updatedAt = now;
    }

    /** An instance was set to {@code configVersion}: it becomes the newest config, the one new instances clone. */
    void assigned(String configVersion, String newSpec, Instant now) {
        this.currentVersion = configVersion;
        changed(newSpec, now);
    }

    void lock(String holder, Instant now) {
        this.lockHolder = holder;
        this.lockedSince = now;
    }

    void unlock() {
        this.lockHolder = null;
        this.lockedSince = null;
    }

    String lockHolder() {
        return lockHolder;
    }

    Instant lockedSince() {
        return lockedSince;
    }

    Long id() {
        return id;
    }

    JobKey key() {
        return new JobKey(role, environment, name);
    }

    JobKind kind() {
        return kind;
    }

    String spec() {
        return spec;
    }

    String currentVersion() {
        return currentVersion;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
