package io.borealis.update.events;

import io.borealis.api.event.EventFeed;
import io.borealis.api.job.JobKey;
import io.borealis.api.update.UpdateChangeEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Committed update events read from {@code job_update_events}, joined to their update for the job.
 * Ids become visible in the order they were drawn (migration V4), so "the events after n" never
 * skips one that commits later.
 */
@Component
class UpdateChanges implements EventFeed.Source<UpdateChangeEvent, UpdateChanges.Filter> {

    /** One job's events, one update's, or (both null) all. */
    record Filter(JobKey job, UUID update) {
    }

    private static final String SELECT = """
            SELECT e.id, e.update_id, u.job_role, u.job_environment, u.job_name, e.occurred_at, e.status, e.action,
                   e.instance, e.message, e.actor
            FROM job_update_events e JOIN job_updates u ON u.id = e.update_id
            WHERE e.id > ? AND e.id <= ?""";

    private final JdbcTemplate jdbc;

    UpdateChanges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long newestId() {
        Long id = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM job_update_events", Long.class);
        return id == null ? 0 : id;
    }

    @Override
    public List<UpdateChangeEvent> between(long after, long upTo, Filter filter, int limit) {
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> args = new ArrayList<>(List.of(after, upTo));
        if (filter != null && filter.job() != null) {
            sql.append(" AND u.job_role = ? AND u.job_environment = ? AND u.job_name = ?");
            args.addAll(List.of(filter.job().role(), filter.job().environment(), filter.job().name()));
        }
        if (filter != null && filter.update() != null) {
            sql.append(" AND e.update_id = ?");
            args.add(filter.update());
        }
        sql.append(" ORDER BY e.id LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), UpdateChanges::event, args.toArray());
    }

    boolean exists(UUID update) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT exists (SELECT 1 FROM job_updates WHERE id = ?)",
                Boolean.class, update));
    }

    private static UpdateChangeEvent event(ResultSet row, int n) throws SQLException {
        Integer instance = row.getObject("instance", Integer.class);
        return new UpdateChangeEvent(row.getLong("id"), row.getString("update_id"),
                new JobKey(row.getString("job_role"), row.getString("job_environment"), row.getString("job_name")),
                row.getObject("occurred_at", OffsetDateTime.class).toInstant(), row.getString("status"),
                row.getString("action"), instance, row.getString("message"), row.getString("actor"));
    }
}
