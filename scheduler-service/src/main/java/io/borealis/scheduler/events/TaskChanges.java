package io.borealis.scheduler.events;

import io.borealis.api.event.EventFeed;
import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskChangeEvent;
import io.borealis.api.task.TaskStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Committed task events read from {@code task_event}, joined to their task for the job, instance
 * and config version (none of which ever changes for a task). Ids become visible in the order they
 * were drawn (migration V5), so "the events after n" never skips one that commits later.
 */
@Component
class TaskChanges implements EventFeed.Source<TaskChangeEvent, JobKey> {

    private static final String SELECT = """
            SELECT e.id, e.task_id, t.role, t.environment, t.job_name, t.instance_id, t.config_version,
                   e.status, e.at, e.message, e.source
            FROM task_event e JOIN task t ON t.task_id = e.task_id
            WHERE e.id > ? AND e.id <= ?""";

    private final JdbcTemplate jdbc;

    TaskChanges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Id of the newest committed event, 0 if there is none. */
    @Override
    public long newestId() {
        Long newest = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM task_event", Long.class);
        return newest == null ? 0 : newest;
    }

    /** At most {@code limit} events with {@code after < id <= upTo}, oldest first; only {@code job}'s unless it is null. */
    @Override
    public List<TaskChangeEvent> between(long after, long upTo, JobKey job, int limit) {
        if (job == null) {
            return jdbc.query(SELECT + " ORDER BY e.id LIMIT ?", TaskChanges::row, after, upTo, limit);
        }
        return jdbc.query(SELECT + " AND t.role = ? AND t.environment = ? AND t.job_name = ? ORDER BY e.id LIMIT ?",
                TaskChanges::row, after, upTo, job.role(), job.environment(), job.name(), limit);
    }

    private static TaskChangeEvent row(ResultSet rs, int n) throws SQLException {
        return new TaskChangeEvent(rs.getLong("id"), rs.getString("task_id"),
                new JobKey(rs.getString("role"), rs.getString("environment"), rs.getString("job_name")),
                rs.getInt("instance_id"), rs.getString("config_version"), TaskStatus.valueOf(rs.getString("status")),
                rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("message"), rs.getString("source"));
    }
}
