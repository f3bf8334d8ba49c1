package io.borealis.job.events;

import io.borealis.api.event.ChangeEvent;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code outbox_events}. */
@Entity
@Table(name = "outbox_events")
class OutboxEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String type;
    private String subject;
    private String detail;

    @Column(name = "created_at")
    private Instant createdAt;

    protected OutboxEvent() {
    }

    OutboxEvent(String type, String subject, String detail, Instant createdAt) {
        this.type = type;
        this.subject = subject;
        this.detail = detail;
        this.createdAt = createdAt;
    }

    ChangeEvent toChangeEvent() {
        return new ChangeEvent(id, type, subject, createdAt, detail);
    }
}
