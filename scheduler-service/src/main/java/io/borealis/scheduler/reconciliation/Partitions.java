package io.borealis.scheduler.reconciliation;

import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.mesos.MesosClient;
import io.borealis.scheduler.mesos.StatusUpdate;
import io.borealis.scheduler.mesos.StatusUpdateListener;
import io.borealis.scheduler.mesos.TaskRef;
import io.borealis.scheduler.task.ConvergenceLoop;
import io.borealis.scheduler.task.StateLock;
import io.borealis.scheduler.task.TaskQueries;
import io.borealis.scheduler.task.TaskStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tasks on agents cut off from the master (partition-aware: TASK_UNREACHABLE, stored PARTITIONED).
 * One PARTITIONED for longer than {@code partitionTimeout} is given up on: it goes LOST, so the
 * convergence loop replaces it. If its agent returns, Mesos lets the task run on (the framework
 * decides): when an update says alive a task we have given up on (it is terminal here), we kill it,
 * so an instance never keeps two. Those updates are collected and checked in one query per round,
 * off the subscription's thread. Both rounds run on the {@link Reconciler}'s thread.
 */
@Component
class Partitions implements StatusUpdateListener {

    private static final Logger log = LoggerFactory.getLogger(Partitions.class);
    private static final String[] TERMINAL = {"FINISHED", "FAILED", "KILLED", "LOST"};

    private final TaskStore store;
    private final TaskQueries queries;
    private final StateLock lock;
    private final MesosClient mesos;
    private final ReconciliationProperties properties;
    private final JdbcTemplate jdbc;
    private final Queue<TaskRef> alive = new ConcurrentLinkedQueue<>();
    private final ConvergenceLoop convergence;

    Partitions(TaskStore store, TaskQueries queries, StateLock lock, MesosClient mesos, ReconciliationProperties properties, DataSource dataSource,
               ConvergenceLoop convergence) {
        this.queries = queries;
        this.convergence = convergence;
        this.store = store;
        this.lock = lock;
        this.mesos = mesos;
        this.properties = properties;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public void onUpdate(StatusUpdate update) {
        TaskStatus status = update.status();
        if (!status.isTerminal() && status != TaskStatus.PARTITIONED && status != TaskStatus.KILLING && update.agentId() != null) {
            alive.add(new TaskRef(update.taskId(), update.agentId()));
        }
    }

    /** PARTITIONED past the timeout → LOST (and so replaced). */
    void expire() {
        if (!mesos.isSubscribed()) {
            return; // only the subscribed leader decides
        }
        Instant deadline = Instant.now().minus(properties.partitionTimeout());
        List<String> expired = jdbc.queryForList("SELECT task_id FROM task WHERE status = 'PARTITIONED' AND updated_at < ?",
                String.class, Timestamp.from(deadline));
        for (String taskId : expired) {
            log.warn("{} has been unreachable for longer than {}: giving up on it (LOST), it will be replaced",
                    taskId, properties.partitionTimeout());
            lock.run(() -> store.apply(taskId, TaskStatus.LOST, "unreachable for longer than " + properties.partitionTimeout(),
                    "scheduler", null));
        }
        if (!expired.isEmpty()) {
            convergence.wake(); // their replacements now, not at the next tick
        }
    }

    /** Kills the tasks reported alive since the last round that we had given up on. */
    void killReturned() {
        Map<String, TaskRef> reported = new LinkedHashMap<>();
        for (TaskRef ref; (ref = alive.poll()) != null; ) {
            reported.put(ref.taskId(), ref);
        }
        if (reported.isEmpty() || !mesos.isSubscribed()) {
            return;
        }
        // every reconciliation answer passes here: the leader's view clears the live ones without a query
        List<String> maybeEnded = queries.notKnownLive(reported.keySet());
        if (maybeEnded.isEmpty()) {
            return;
        }
        List<String> givenUp = new ArrayList<>();
        jdbc.query(con -> {
            var statement = con.prepareStatement("SELECT task_id FROM task WHERE task_id = ANY (?) AND status = ANY (?)");
            statement.setArray(1, con.createArrayOf("varchar", maybeEnded.toArray()));
            statement.setArray(2, con.createArrayOf("varchar", TERMINAL));
            return statement;
        }, rs -> {
            givenUp.add(rs.getString(1));
        });
        for (String taskId : givenUp) {
            log.warn("{} is alive again (its agent returned) but was given up on: killing it", taskId);
            mesos.kill(reported.get(taskId), null);
        }
    }
}
