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
import java.util.Objects;

/** A row of {@code job_instances}: instance {@code instanceId} of a job should run {@code configVersion}. */
@Entity
@Table(name = "job_instances")
@IdClass(JobInstance.Key.class)
class JobInstance implements Persistable<JobInstance.Key> {

    /** Rows are only ever inserted or deleted, never merged: saves skip the select-before-insert. */
    @Transient
    private boolean fresh = true;

    @Id
    @Column(name = "job_id")
    private Long jobId;

    @Id
    @Column(name = "instance_id")
    private Integer instanceId;

    @Column(name = "config_version")
    private String configVersion;

    protected JobInstance() {
    }

    JobInstance(Long jobId, int instanceId, String configVersion) {
        this.jobId = jobId;
        this.instanceId = instanceId;
        this.configVersion = configVersion;
    }

    /** Points a stored instance at another config version (the row is updated at flush). */
    void runs(String version) {
        this.configVersion = version;
    }

    Long jobId() {
        return jobId;
    }

    int instanceId() {
        return instanceId;
    }

    String configVersion() {
        return configVersion;
    }

    @Override
    public Key getId() {
        return new Key(jobId, instanceId);
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

    /** Primary key of {@code job_instances}. */
    static class Key implements Serializable {
        private Long jobId;
        private Integer instanceId;

        protected Key() {
        }

        Key(Long jobId, Integer instanceId) {
            this.jobId = jobId;
            this.instanceId = instanceId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(jobId, k.jobId) && Objects.equals(instanceId, k.instanceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, instanceId);
        }
    }
}
