package io.borealis.job.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A row of {@code task_configs}: one immutable config of a job, keyed by its content hash. */
@Entity
@Table(name = "task_configs")
@IdClass(TaskConfigVersion.Key.class)
class TaskConfigVersion implements Persistable<TaskConfigVersion.Key> {

    /** Rows are only ever inserted or deleted, never merged: saves skip the select-before-insert. */
    @Transient
    private boolean fresh = true;

    @Id
    @Column(name = "job_id")
    private Long jobId;

    @Id
    private String version;

    private String config;

    @Column(name = "created_at")
    private Instant createdAt;

    protected TaskConfigVersion() {
    }

    TaskConfigVersion(Long jobId, String version, String config, Instant createdAt) {
        this.jobId = jobId;
        this.version = version;
        this.config = config;
        this.createdAt = createdAt;
    }

    Long jobId() {
        return jobId;
    }

    String version() {
        return version;
    }

    String config() {
        return config;
    }

    @Override
    public Key getId() {
        return new Key(jobId, version);
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    @PostLoad
    @PostPersist
    void stored() {
        fresh = false;
    }

    /** Primary key of {@code task_configs}. */
    static class Key implements Serializable {
        private Long jobId;
        private String version;

        protected Key() {
        }

        Key(Long jobId, String version) {
            this.jobId = jobId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(jobId, k.jobId) && Objects.equals(version, k.version);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, version);
        }
    }
}
