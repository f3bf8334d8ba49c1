package io.borealis.update.rollout;

import io.borealis.update.lifecycle.InstanceState;
import io.borealis.update.strategy.Step;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One instance an update touches, with its step each way: written before the instance is touched. */
@Entity
@Table(name = "update_instances")
public class UpdateInstance {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "update_id", nullable = false)
    private UUID updateId;

    @Column(nullable = false)
    private int instance;

    @Column(nullable = false)
    private int ordinal;

    @Column(nullable = false)
    private String domain;

    @Column(name = "from_version")
    private String fromVersion;

    @Column(name = "to_version")
    private String toVersion;

    @Column(name = "from_health_checked", nullable = false)
    private boolean fromHealthChecked;

    @Column(name = "to_health_checked", nullable = false)
    private boolean toHealthChecked;

    @Enumerated(EnumType.STRING)
    @Column(name = "forward_step", nullable = false)
    private Step forwardStep;

    @Enumerated(EnumType.STRING)
    @Column(name = "back_step")
    private Step backStep;

    @Column(nullable = false)
    private int failures;

    @Column(nullable = false)
    private int batch;

    @Column(name = "started_seq", nullable = false)
    private int startedSeq;

    @Column(name = "step_started_at")
    private Instant stepStartedAt;

    @Column(name = "replaced_task")
    private String replacedTask;

    @Column(name = "replacement_task")
    private String replacementTask;

    protected UpdateInstance() {
        // for JPA
    }

    UpdateInstance(UUID updateId, int instance, int ordinal, String domain, String fromVersion, String toVersion,
            boolean fromHealthChecked, boolean toHealthChecked) {
        this.updateId = updateId;
        this.instance = instance;
        this.ordinal = ordinal;
        this.domain = domain == null ? "" : domain;
        this.fromVersion = fromVersion;
        this.toVersion = toVersion;
        this.fromHealthChecked = fromHealthChecked;
        this.toHealthChecked = toHealthChecked;
        this.forwardStep = Step.PENDING;
    }

    InstanceState state() {
        return new InstanceState(instance, domain, fromVersion, toVersion, fromHealthChecked, toHealthChecked,
                forwardStep, backStep, failures, batch, startedSeq, stepStartedAt, replacedTask, replacementTask);
    }

    /** Starts a restart step that replaces {@code replacedTask} (null: the instance had no live task). */
    void startRestart(int batch, int startedSeq, Instant now, String replacedTask) {
        start(false, batch, startedSeq, now);
        this.replacedTask = replacedTask;
        this.replacementTask = null;
    }

    /** The scheduler answered that it is restarting the instance's task {@code taskId}: the call was made. */
    void restartedAs(String taskId) {
        this.replacementTask = taskId;
    }

    void start(boolean back, int batch, int startedSeq, Instant now) {
        if (back) {
            this.backStep = Step.IN_FLIGHT;
        } else {
            this.forwardStep = Step.IN_FLIGHT;
            this.startedSeq = startedSeq;
        }
        this.batch = batch;
        this.failures = 0;
        this.stepStartedAt = now;
    }

    void judged(boolean back, Step step, int failures) {
        if (back) {
            this.backStep = step;
        } else {
            this.forwardStep = step;
        }
        this.failures = failures;
    }

    /** Queues a touched instance for the rollback. */
    void queueRollback() {
        this.backStep = Step.PENDING;
        this.batch = 0;
    }

    public int instance() {
        return instance;
    }

    public int ordinal() {
        return ordinal;
    }

    public String fromVersion() {
        return fromVersion;
    }

    public String toVersion() {
        return toVersion;
    }

    public Step forwardStep() {
        return forwardStep;
    }

    public Step backStep() {
        return backStep;
    }

    public int startedSeq() {
        return startedSeq;
    }
}
