package io.borealis.scheduler.task;

import io.borealis.scheduler.leader.LeaderElection;
import io.borealis.scheduler.leader.LeaderEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The leader's in-memory view of the non-terminal tasks ({@link TaskIndex}): loaded on first use
 * after the election (from the standby's warm copy when it has one, else from the database), changed
 * only after a write transaction commits (never on a rollback), dropped when leadership changes.
 * Every writer holds the {@link StateLock}, so the view's changes happen in commit order. A view is
 * valid only in the leadership term it was loaded in: one from an earlier term misses the other
 * leader's writes.
 */
@Component
class LeaderView {

    private static final Logger log = LoggerFactory.getLogger(LeaderView.class);

    private final LeaderElection election;
    private final StateLock lock;
    private final WarmView standby;
    private final MeterRegistry meters;
    /** Read-only transaction around a full load (one connection for both of its JDBC queries). */
    private final TransactionTemplate readOnly;
    /** Loaded in leadership term {@code epoch()}; null when not loaded (or not leading). */
    private volatile TaskIndex current;

    LeaderView(LeaderElection election, StateLock lock, WarmView standby, MeterRegistry meters,
               PlatformTransactionManager transactions) {
        this.election = election;
        this.lock = lock;
        this.standby = standby;
        this.meters = meters;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * The view of this leadership term, loading it under the state lock (so no write runs meanwhile);
     * null when not leading. A view is installed only if the term did not change while it loaded.
     */
    TaskIndex get() {
        TaskIndex view = ifLoaded();
        if (view != null) {
            return view;
        }
        if (!election.isLeader()) {
            return null;
        }
        return lock.call(() -> {
            long epoch = election.epoch();
            TaskIndex known = current;
            if (known != null && known.epoch() == epoch) {
                return election.isLeader() ? known : null;
            }
            TaskIndex warm = standby.take(epoch);
            TaskIndex fresh = warm != null ? warm : readOnly.execute(status -> standby.load(epoch));
            if (!election.isLeader() || election.epoch() != epoch) {
                return null; // the term ended while loading: read the database this time
            }
            current = fresh;
            meters.counter("borealis.leader.views", "source", warm != null ? "standby" : "database").increment();
            if (warm == null) {
                log.info("Loaded {} non-terminal tasks into memory (leader epoch {})", fresh.liveCount(), epoch);
            }
            return fresh;
        });
    }

    /** The view of this term if it is loaded already; null otherwise (never loads, never waits). */
    TaskIndex ifLoaded() {
        TaskIndex view = current;
        return view != null && election.isLeader() && view.epoch() == election.epoch() ? view : null;
    }

    /**
     * The view of this term if it is loaded, or if the standby's warm copy is there to be taken (a
     * catch-up of what committed since its last round, not a load); null otherwise, without loading.
     */
    TaskIndex ifLoadedOrWarm() {
        TaskIndex view = ifLoaded();
        return view != null || !standby.hasCopy() ? view : get();
    }

    /** The view was found wrong (a write bypassed it): the next read loads it afresh. */
    void drop() {
        current = null;
    }

    /**
     * Once (and only if) the current transaction commits, the view takes the tasks as they are then;
     * after a rollback it is untouched, and when the outcome is unknown it is dropped.
     */
    void afterCommit(Collection<Task> changed) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        List<Task> copy = List.copyOf(changed);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                TaskIndex view = current;
                if (view != null) {
                    copy.forEach(view::put);
                }
            }

            /** The database may or may not have committed: the view is reloaded rather than guessed. */
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_UNKNOWN) {
                    current = null;
                }
            }
        });
    }

    /** Leadership changed: the view is dropped; the next read as leader loads it again. */
    @EventListener
    void onLeadership(LeaderEvent event) {
        current = null;
    }
}
