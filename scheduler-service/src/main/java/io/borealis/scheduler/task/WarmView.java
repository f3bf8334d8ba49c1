package io.borealis.scheduler.task;

import io.borealis.scheduler.concurrent.Daemons;
import io.borealis.scheduler.leader.LeaderElection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * A warm standby's copy of the tasks. While this instance does not lead, it loads every task once and
 * then, every {@code borealis.tasks.standby-follow-interval}, applies what committed since: the tasks
 * named by {@code task_event} rows past the last id it applied (every write of a task row inserts its
 * event row in the same transaction, and those ids become visible in commit order, V5). When it is
 * elected, {@link TaskStore} takes this copy for the new term after one last catch-up — read after the
 * lease moved, and the leader fence makes a takeover wait for the old leader's open writes, so nothing
 * committed before is missed — instead of reading 100,000 tasks while it subscribes and reconciles.
 * Also the one place that reads tasks into a {@link TaskIndex} with plain JDBC.
 */
@Component
class WarmView implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WarmView.class);
    /** More events than this since the last catch-up: a full load is cheaper than naming each task. */
    static final int MAX_CATCH_UP = 50_000;

    private final JdbcTemplate jdbc;
    private final LeaderElection election;
    private final TaskProperties properties;
    private final Object lock = new Object();
    /** The standby's copy; null before the first load and once taken (guarded by {@link #lock}). */
    private TaskIndex view;
    /** The highest task_event id applied to {@link #view} (guarded by {@link #lock}). */
    private long applied;
    /** One String per distinct config or name text among the copy's tasks (guarded by {@link #lock}). */
    private Map<String, String> texts;
    private volatile ScheduledExecutorService follower;

    WarmView(JdbcTemplate jdbc, LeaderElection election, TaskProperties properties) {
        this.jdbc = jdbc;
        this.election = election;
        this.properties = properties;
    }

    /** One standby round: the first load, or what committed since the last round. */
    void follow() {
        if (election.isLeader()) {
            return; // the leader's own view is authoritative; a copy not yet taken waits for take()
        }
        synchronized (lock) {
            if (view == null) {
                loadFresh();
            } else {
                catchUp();
            }
        }
    }

    /**
     * The copy for leadership term {@code epoch}, current as of now, or null when there is none (the
     * caller loads the tasks itself). The copy is handed over: the standby starts a new one only after
     * this instance stops leading.
     */
    TaskIndex take(long epoch) {
        synchronized (lock) {
            if (view == null) {
                return null;
            }
            int caughtUp = catchUp();
            TaskIndex taken = view;
            view = null;
            texts = null;
            taken.adopt(epoch);
            log.info("Took the standby's copy of {} non-terminal tasks for leader epoch {} ({} tasks caught up)",
                    taken.liveCount(), epoch, caughtUp);
            return taken;
        }
    }

    /** Whether a copy is ready to be taken (taking it then costs a catch-up, not a load). */
    boolean hasCopy() {
        synchronized (lock) {
            return view != null;
        }
    }

    /** A view loaded from scratch, as a leader without a warm copy needs it (in the caller's transaction). */
    TaskIndex load(long epoch) {
        TaskIndex fresh = new TaskIndex(epoch);
        load(fresh, shared(new HashMap<>()));
        return fresh;
    }

    private void loadFresh() {
        long upTo = newestEventId(); // first: rows read after it may be newer, never older
        Map<String, String> strings = new HashMap<>();
        TaskIndex fresh = new TaskIndex(0);
        load(fresh, shared(strings));
        view = fresh;
        texts = strings;
        applied = upTo;
    }

    /** Re-reads the tasks whose events committed since the last round; returns how many. */
    private int catchUp() {
        long upTo = newestEventId();
        if (upTo <= applied) {
            return 0;
        }
        if (upTo - applied > MAX_CATCH_UP) {
            loadFresh();
            return view.liveCount();
        }
        List<String> changed = jdbc.queryForList("SELECT DISTINCT task_id FROM task_event WHERE id > ? AND id <= ?",
                String.class, applied, upTo);
        TaskIndex into = view;
        UnaryOperator<String> shared = shared(texts);
        jdbc.query(con -> {
            var statement = con.prepareStatement("SELECT " + Task.COLUMNS + " FROM task WHERE task_id = ANY (?)");
            statement.setArray(1, con.createArrayOf("varchar", changed.toArray()));
            return statement;
        }, (RowCallbackHandler) row -> into.put(Task.fromRow(row, shared)));
        applied = upTo;
        return changed.size();
    }

    private long newestEventId() {
        Long id = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM task_event", Long.class);
        return id == null ? 0 : id;
    }

    /**
     * Every non-terminal task, oldest first, then the newest task of each instance where that one has
     * ended (the live newest ones came with the first query). Plain JDBC: at 100,000 tasks Hibernate
     * spent most of a takeover's CPU here, and each task held its own copy of its job's config.
     */
    private void load(TaskIndex into, UnaryOperator<String> shared) {
        String terminal = String.join(",", Collections.nCopies(TaskStore.TERMINAL.size(), "?"));
        Object[] terminalNames = TaskStore.TERMINAL.stream().map(Enum::name).toArray();
        RowCallbackHandler put = row -> into.put(Task.fromRow(row, shared));
        jdbc.query("SELECT " + Task.COLUMNS + " FROM task WHERE status NOT IN (" + terminal + ") ORDER BY created_at",
                put, terminalNames);
        jdbc.query("SELECT " + Task.COLUMNS + " FROM (SELECT DISTINCT ON (role, environment, job_name, instance_id) *"
                + " FROM task ORDER BY role, environment, job_name, instance_id, created_at DESC) newest"
                + " WHERE status IN (" + terminal + ")", put, terminalNames);
    }

    private static UnaryOperator<String> shared(Map<String, String> texts) {
        return text -> text == null ? null : texts.computeIfAbsent(text, t -> t);
    }

    @Override
    public void start() {
        long period = properties.standbyFollowInterval().toMillis();
        if (period <= 0) {
            return;
        }
        ScheduledExecutorService thread = Daemons.scheduler("standby-view");
        thread.scheduleWithFixedDelay(() -> {
            try {
                follow();
            } catch (RuntimeException e) {
                log.warn("Standby view not brought up to date this round: {}", e.toString());
                synchronized (lock) {
                    view = null; // start over rather than risk a gap
                }
            }
        }, 0, period, TimeUnit.MILLISECONDS);
        follower = thread;
    }

    @Override
    public void stop() {
        ScheduledExecutorService thread = follower;
        follower = null;
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return follower != null;
    }
}
