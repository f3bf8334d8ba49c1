package io.borealis.scheduler.task;

import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.mesos.TaskRef;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The task and task_event tables by plain JDBC, for the paths where batches are large: insert new
 * tasks, read tasks by id, write the changed state of many tasks with versioned UPDATEs, append events. Every method runs in
 * the caller's transaction. {@link TaskStore} decides what to write; this only knows the SQL.
 */
final class TaskRows {

    private static final String INSERT_EVENT =
            "INSERT INTO task_event (task_id, at, status, message, source) VALUES (?, ?, ?, ?, ?)";
    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;

    TaskRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The tasks with these ids, as stored, into {@code into} by id (unknown ids are left out). */
    void read(Collection<String> taskIds, Map<String, Task> into) {
        if (taskIds.isEmpty()) {
            return;
        }
        jdbc.query("SELECT " + Task.COLUMNS + " FROM task WHERE task_id = ANY(?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", taskIds.toArray())),
                (ResultSet row) -> {
                    Task task = Task.fromRow(row, UnaryOperator.identity());
                    into.put(task.taskId(), task);
                });
    }

    /**
     * The tasks' changed state, one batch of UPDATEs checked against the version each copy was read
     * with; each copy then carries the new version. Returns the id of a task whose row changed since
     * (nothing more is marked written then: the caller rolls back), or null.
     */
    String write(Collection<Task> changed) {
        if (changed.isEmpty()) {
            return null;
        }
        List<Task> rows = List.copyOf(changed);
        int[][] counts = jdbc.batchUpdate(Task.UPDATE_STATE, rows, BATCH, (ps, task) -> task.bindStateUpdate(ps));
        int i = 0;
        for (int[] chunk : counts) {
            for (int count : chunk) {
                if (count != 1 && count != Statement.SUCCESS_NO_INFO) {
                    return rows.get(i).taskId();
                }
                i++;
            }
        }
        rows.forEach(Task::written);
        return null;
    }

    /** New tasks' rows. */
    void insertTasks(List<Task> created) {
        if (!created.isEmpty()) {
            jdbc.batchUpdate(Task.INSERT, created, BATCH, (ps, task) -> task.bindInsert(ps));
        }
    }

    /** Appends these events. */
    void insert(List<TaskEvent> events) {
        if (!events.isEmpty()) {
            jdbc.batchUpdate(INSERT_EVENT, events, BATCH, (ps, e) -> {
                ps.setString(1, e.taskId());
                ps.setTimestamp(2, Timestamp.from(e.at()));
                ps.setString(3, e.status().name());
                ps.setString(4, e.message());
                ps.setString(5, e.source());
            });
        }
    }

    /** Every task placed on an agent and not in one of the {@code ended} states, as (task, agent). */
    List<TaskRef> placed(Set<TaskStatus> ended) {
        return jdbc.query("SELECT task_id, agent_id FROM task WHERE agent_id IS NOT NULL AND status NOT IN ("
                        + String.join(",", Collections.nCopies(ended.size(), "?")) + ")",
                (rs, i) -> new TaskRef(rs.getString(1), rs.getString(2)), ended.stream().map(Enum::name).toArray());
    }
}
