package io.borealis.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The task history stays bounded: ended tasks superseded by newer ones go when there are too many of
 * them or when they are old, an instance no longer desired goes entirely once it has been over for
 * the retention, and the newest task of a desired instance always stays. Time passing is simulated
 * by moving the rows' end times back in the database.
 */
class SchedulerHistoryPruneIT extends FakeMasterTest {

    private static final JobKey JOB = new JobKey("web", "prod", "pruned");

    @Override
    protected String[] schedulerArgs() {
        return new String[] {"--borealis.tasks.history-per-instance=1",
                "--borealis.tasks.history-retention=1h",
                "--borealis.tasks.history-prune-interval=200ms",
                "--borealis.tasks.flapping-threshold=0s"};
    }

    @Test
    void endedTasksArePrunedByCountByAgeAndWhenTheirInstanceIsGone() throws Exception {
        gateway.jobs(FakeGateway.service(JOB, 1, "sleep 600"));
        List<String> generations = new ArrayList<>(List.of(awaitRunning().taskId()));
        for (int i = 0; i < 3; i++) {
            master.fail(generations.get(generations.size() - 1));
            String previous = generations.get(generations.size() - 1);
            generations.add(await().atMost(Duration.ofSeconds(15)).until(() -> running(previous), id -> id != null));
        }
        // four generations: the two oldest ended ones exceed history-per-instance = 1
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(taskIds()).containsExactlyInAnyOrder(generations.get(2), generations.get(3)));
        assertThat(eventsOf(generations.get(0))).isZero();
        assertThat(eventsOf(generations.get(1))).isZero();
        assertThat(eventsOf(generations.get(2))).isPositive();

        // the one kept ended over an hour ago (as far as the database knows): it goes too
        sql("UPDATE task SET updated_at = updated_at - interval '2 hours' WHERE status = 'FAILED'");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(taskIds()).containsExactly(generations.get(3)));

        // the job is deleted: its last task is killed and kept for the retention, then the instance goes
        gateway.jobs();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(status(generations.get(3))).isEqualTo("KILLED"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                taskIds().equals(List.of(generations.get(3))));
        sql("UPDATE task SET updated_at = updated_at - interval '2 hours'");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(taskIds()).isEmpty());
        assertThat(count("SELECT count(*) FROM task_event")).isZero();

        // the same job again starts from scratch: nothing of the pruned instance is carried over
        gateway.jobs(FakeGateway.service(JOB, 1, "sleep 600"));
        TaskView fresh = awaitRunning();
        assertThat(fresh.ancestorId()).isNull();
        assertThat(fresh.failureCount()).isZero();
    }

    private TaskView awaitRunning() {
        return await().atMost(Duration.ofSeconds(15)).until(
                () -> SchedulerRunner.tasks(scheduler, JOB).stream().filter(t -> t.status() == TaskStatus.RUNNING).toList(),
                tasks -> tasks.size() == 1).get(0);
    }

    /** The RUNNING task that replaced this one, or null. */
    private String running(String ancestor) throws Exception {
        return SchedulerRunner.tasks(scheduler, JOB).stream()
                .filter(t -> ancestor.equals(t.ancestorId()) && t.status() == TaskStatus.RUNNING)
                .map(TaskView::taskId).findFirst().orElse(null);
    }

    private List<String> taskIds() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT task_id FROM task ORDER BY created_at")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private String status(String taskId) throws SQLException {
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT status FROM task WHERE task_id = '" + taskId + "'")) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private int eventsOf(String taskId) throws SQLException {
        return count("SELECT count(*) FROM task_event WHERE task_id = '" + taskId + "'");
    }

    private int count(String query) throws SQLException {
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private void sql(String update) throws SQLException {
        try (Connection db = pg.getPostgresDatabase().getConnection(); Statement statement = db.createStatement()) {
            statement.executeUpdate(update);
        }
    }
}
