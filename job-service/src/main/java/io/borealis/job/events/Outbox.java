package io.borealis.job.events;

import io.borealis.api.event.ChangeEvent;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends change events inside the caller's transaction, so an event exists exactly when its change
 * committed. Writers take one transaction-scoped advisory lock first: ids are then committed in the
 * order they were drawn, and a reader that polls "id > last seen" cannot skip an id that commits late.
 */
@Component
public class Outbox {

    /** Arbitrary constant naming the outbox lock among PostgreSQL advisory locks. */
    private static final long LOCK = 0x626f7265616c6973L; // "borealis"

    private final OutboxEvents events;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    Outbox(OutboxEvents events, JdbcTemplate jdbc, Clock clock) {
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public ChangeEvent append(EventType type, String subject, String detail) {
        jdbc.execute("select pg_advisory_xact_lock(" + LOCK + ")");
        OutboxEvent event = events.save(new OutboxEvent(type.name(), subject, detail,
                clock.instant().truncatedTo(ChronoUnit.MICROS)));
        return event.toChangeEvent();
    }

    /** Id of the newest committed event (0 if none), as seen by the caller's transaction. */
    @Transactional(readOnly = true)
    public long newestId() {
        return events.newestId();
    }
}
