package io.borealis.scheduler.task;

import io.borealis.api.job.DesiredState;
import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobView;
import io.borealis.scheduler.concurrent.Daemons;
import io.borealis.scheduler.desired.DesiredStateCache;
import io.borealis.scheduler.leader.LeaderElection;
import io.borealis.scheduler.leader.LeaderFence;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the task history bounded (as Aurora's task history pruner): on the leader, every
 * {@code borealis.tasks.history-prune-interval}, ended tasks are deleted with their events when
 * <ul>
 *   <li>a newer task of their instance exists and they ended more than {@code history-retention}
 *       ago, or more than {@code history-per-instance} newer tasks of their instance exist; or</li>
 *   <li>their instance is no longer desired (its job was deleted, or scaled down), every task of it
 *       has ended, and the newest ended more than {@code history-retention} ago.</li>
 * </ul>
 * The newest task of a desired instance is never deleted: it decides that instance's next step
 * (a finished batch instance stays done, a flapping one waits). Deletions run under the state lock,
 * behind the leader fence: at most {@link #BATCH} superseded tasks, or one undesired job's, per transaction.
 */
@Component
class HistoryPruner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HistoryPruner.class);
    static final int BATCH = 5_000;
    private static final String TERMINAL = "('FINISHED', 'FAILED', 'KILLED', 'LOST')";
    /** Ended tasks with a newer task of their instance, either old or beyond the kept number. */
    private static final String SUPERSEDED = "SELECT task_id FROM (SELECT task_id, status, updated_at,"
            + " row_number() OVER (PARTITION BY role, environment, job_name, instance_id"
            + " ORDER BY created_at DESC, task_id DESC) AS rank FROM task) ranked"
            + " WHERE rank > 1 AND status IN " + TERMINAL + " AND (updated_at < ? OR rank > ?) LIMIT ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final LeaderElection election;
    private final LeaderFence fence;
    private final LeaderView view;
    private final DesiredStateCache desired;
    private final StateLock lock;
    private final TaskProperties properties;
    private final Clock clock;
    private volatile ScheduledExecutorService timer;

    HistoryPruner(JdbcTemplate jdbc, PlatformTransactionManager transactions, LeaderElection election, LeaderFence fence,
                  LeaderView view, DesiredStateCache desired, StateLock lock, TaskProperties properties) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.election = election;
        this.fence = fence;
        this.view = view;
        this.desired = desired;
        this.lock = lock;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** One pruning pass; returns how many tasks were deleted (0 when not leading). */
    int prune() {
        if (!election.isLeader() || !desired.freshSinceElection()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(properties.historyRetention());
        int deleted = 0;
        List<String> batch;
        do {
            batch = jdbc.queryForList(SUPERSEDED, String.class, Timestamp.from(cutoff),
                    properties.historyPerInstance() + 1, BATCH);
            deleted += delete(batch, List.of());
        } while (batch.size() == BATCH);
        deleted += pruneUndesired(cutoff);
        if (deleted > 0) {
            log.info("Pruned {} ended tasks and their events from the history", deleted);
        }
        return deleted;
    }

    /**
     * Instances no longer desired, all of whose tasks ended before the cutoff: every task of them
     * goes. The leader's view names the candidates (an undesired instance whose newest task ended and
     * that has no live task); the database says when they ended.
     */
    private int pruneUndesired(Instant cutoff) {
        TaskIndex leader = view.get();
        DesiredState state = desired.current().orElse(null);
        if (leader == null || state == null) {
            return 0;
        }
        Map<JobKey, JobView> jobs = new HashMap<>();
        state.jobs().forEach(job -> jobs.put(job.key(), job));
        Map<JobKey, Map<Integer, Task>> candidates = new HashMap<>();
        for (Task newest : leader.newest()) {
            JobView job = jobs.get(newest.job());
            boolean desiredInstance = job != null && job.instances().containsKey(newest.instance());
            if (!desiredInstance && TaskStore.TERMINAL.contains(newest.status()) && leader.liveOf(newest.job()).stream()
                    .noneMatch(t -> t.instance() == newest.instance())) {
                candidates.computeIfAbsent(newest.job(), j -> new HashMap<>()).put(newest.instance(), newest);
            }
        }
        int deleted = 0;
        for (Map.Entry<JobKey, Map<Integer, Task>> job : candidates.entrySet()) {
            Map<Integer, List<String>> ended = new HashMap<>();
            Set<Integer> young = new HashSet<>();
            JobKey key = job.getKey();
            jdbc.query("SELECT task_id, instance_id, status IN " + TERMINAL + ", updated_at FROM task"
                    + " WHERE role = ? AND environment = ? AND job_name = ?", row -> {
                        int instance = row.getInt(2);
                        if (!row.getBoolean(3) || !row.getTimestamp(4).toInstant().isBefore(cutoff)) {
                            young.add(instance); // live again, or ended recently: kept
                        }
                        ended.computeIfAbsent(instance, i -> new ArrayList<>()).add(row.getString(1));
                    }, key.role(), key.environment(), key.name());
            List<String> ids = new ArrayList<>();
            List<Task> forgotten = new ArrayList<>();
            job.getValue().forEach((instance, newest) -> {
                if (!young.contains(instance)) {
                    // no rows at all: pruned already (this view came from a standby's copy), only forgotten
                    ids.addAll(ended.getOrDefault(instance, List.of()));
                    forgotten.add(newest);
                }
            });
            deleted += delete(ids, forgotten);
        }
        return deleted;
    }

    /**
     * Deletes these ended tasks and their events in one fenced transaction under the state lock,
     * then lets the leader's view forget the given newest tasks of undesired instances.
     */
    private int delete(List<String> taskIds, List<Task> forgotten) {
        if (taskIds.isEmpty() && forgotten.isEmpty()) {
            return 0;
        }
        return lock.call(() -> {
            Integer count = transactions.execute(status -> {
                fence.check();
                Object[] ids = taskIds.toArray();
                jdbc.update(con -> {
                    var statement = con.prepareStatement("DELETE FROM task_event WHERE task_id = ANY (?)");
                    statement.setArray(1, con.createArrayOf("varchar", ids));
                    return statement;
                });
                return jdbc.update(con -> {
                    var statement = con.prepareStatement("DELETE FROM task WHERE task_id = ANY (?) AND status IN "
                            + TERMINAL);
                    statement.setArray(1, con.createArrayOf("varchar", ids));
                    return statement;
                });
            });
            TaskIndex leader = view.ifLoaded();
            if (leader != null) {
                forgotten.forEach(leader::forget);
            }
            return count == null ? 0 : count;
        });
    }

    @Override
    public void start() {
        long every = properties.historyPruneInterval().toMillis();
        if (every <= 0) {
            return;
        }
        ScheduledExecutorService executor = Daemons.scheduler("history-pruner");
        executor.scheduleWithFixedDelay(() -> {
            try {
                prune();
            } catch (RuntimeException e) {
                log.warn("Pruning the task history failed; the next pass retries: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        timer = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = timer;
        timer = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
