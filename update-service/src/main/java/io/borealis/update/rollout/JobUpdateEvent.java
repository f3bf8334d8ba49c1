package io.borealis.update.rollout;

import io.borealis.update.lifecycle.InstanceAction;
import io.borealis.update.lifecycle.UpdateStatus;
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

/** One step in an update's history: either its status changed, or an action was taken on one instance. */
@Entity
@Table(name = "job_update_events")
public class JobUpdateEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "update_id", nullable = false)
    private UUID updateId;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Enumerated(EnumType.STRING)
    private UpdateStatus status;

    @Enumerated(EnumType.STRING)
    private InstanceAction action;

    private Integer instance;

    private String message;

    private String actor;

    protected JobUpdateEvent() {
        // for JPA
    }

    private JobUpdateEvent(UUID updateId, Instant occurredAt, UpdateStatus status, InstanceAction action,
            Integer instance, String message) {
        this.updateId = updateId;
        this.occurredAt = occurredAt;
        this.status = status;
        this.action = action;
        this.instance = instance;
        this.message = message;
    }

    public static JobUpdateEvent statusChanged(UUID updateId, UpdateStatus status, Instant at, String message) {
        return new JobUpdateEvent(updateId, at, status, null, null, message);
    }

    public static JobUpdateEvent instanceAction(UUID updateId, InstanceAction action, int instance, Instant at,
            String message) {
        return new JobUpdateEvent(updateId, at, null, action, instance, message);
    }

    public Long id() {
        return id;
    }

    public UUID updateId() {
        return updateId;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public UpdateStatus status() {
        return status;
    }

    public InstanceAction action() {
        return action;
    }

    public Integer instance() {
        return instance;
    }

    public String message() {
        return message;
    }

    public String actor() {
        return actor;
    }

    /** Who asked for this change (a user), or null when the engine decided it. */
    public JobUpdateEvent by(String who) {
        this.actor = who;
        return this;
    }
}
