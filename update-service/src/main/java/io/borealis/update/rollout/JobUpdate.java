package io.borealis.update.rollout;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.UpdateSettings;
import io.borealis.update.lifecycle.UpdateKind;
import io.borealis.update.lifecycle.UpdateStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One rolling update of one job: its settings and where it stands. Never leaves the service as is. */
@Entity
@Table(name = "job_updates")
public class JobUpdate {

    @Id
    private UUID id;

    @Column(name = "job_role", nullable = false)
    private String role;

    @Column(name = "job_environment", nullable = false)
    private String environment;

    @Column(name = "job_name", nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private UpdateKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private UpdateStatus status;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private UpdateSettings settings;

    private String message;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "target_version")
    private String targetVersion;

    @Column(name = "batches_started", nullable = false)
    private int batchesStarted;

    @Column(name = "auto_paused_batch", nullable = false)
    private int autoPausedBatch;

    @Column(name = "last_progress_at")
    private Instant lastProgressAt;

    @Column(name = "last_pulse_at")
    private Instant lastPulseAt;

    @Column(name = "blocked_by")
    private String blockedBy;

    @Column(name = "lock_released", nullable = false)
    private boolean lockReleased;

    @Version
    private Long version;

    protected JobUpdate() {
        // for JPA
    }

    /** A new update, rolling forward from {@code now}. */
    public JobUpdate(UUID id, JobKey job, UpdateSettings settings, String message, Instant now) {
        this(id, UpdateKind.UPDATE, job, settings, message, now);
    }

    /** A new update or rolling restart, rolling forward from {@code now}. */
    public JobUpdate(UUID id, UpdateKind kind, JobKey job, UpdateSettings settings, String message, Instant now) {
        this.id = id;
        this.kind = kind;
        this.role = job.role();
        this.environment = job.environment();
        this.name = job.name();
        this.status = UpdateStatus.ROLLING_FORWARD;
        this.settings = settings;
        this.message = message;
        this.createdAt = now;
        this.updatedAt = now;
        this.lastProgressAt = now;
        this.lastPulseAt = now;
    }

    /** The config version the update rolls forward to. */
    public void target(String configVersion) {
        this.targetVersion = configVersion;
    }

    /** Records one engine step's counters and why it does not move ({@code null} when it does). */
    void progress(int batchesStarted, int autoPausedBatch, boolean progressed, String blockedBy, Instant now) {
        this.batchesStarted = batchesStarted;
        this.autoPausedBatch = autoPausedBatch;
        this.blockedBy = blockedBy;
        if (progressed) {
            this.lastProgressAt = now;
        }
    }

    void restartProgressClock(Instant now) {
        this.lastProgressAt = now;
    }

    void pulse(Instant now) {
        this.lastPulseAt = now;
    }

    void rollbackStarted() {
        this.batchesStarted = 0;
        this.autoPausedBatch = 0;
    }

    void lockReleased() {
        this.lockReleased = true;
    }

    /** Records a new status; whether the move is allowed is the lifecycle's decision, not the entity's. */
    public void moveTo(UpdateStatus next, Instant now) {
        this.status = next;
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public JobKey job() {
        return new JobKey(role, environment, name);
    }

    public UpdateKind kind() {
        return kind;
    }

    public UpdateStatus status() {
        return status;
    }

    public UpdateSettings settings() {
        return settings;
    }

    public String message() {
        return message;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public String targetVersion() {
        return targetVersion;
    }

    public int batchesStarted() {
        return batchesStarted;
    }

    public int autoPausedBatch() {
        return autoPausedBatch;
    }

    public Instant lastProgressAt() {
        return lastProgressAt;
    }

    public Instant lastPulseAt() {
        return lastPulseAt;
    }

    public String blockedBy() {
        return blockedBy;
    }

    public boolean isLockReleased() {
        return lockReleased;
    }

    public Long version() {
        return version;
    }
}
