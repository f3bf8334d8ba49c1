package io.borealis.scheduler.reconciliation;

import io.borealis.scheduler.mesos.MesosClient;
import io.borealis.scheduler.mesos.MesosEvent;
import io.borealis.scheduler.mesos.TaskRef;
import io.borealis.scheduler.task.TaskStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * After every SUBSCRIBED: explicit RECONCILE of all non-terminal tasks that have an agent, then again
 * with backoff for those without an update since. Every {@code implicitInterval}: implicit RECONCILE.
 * Its thread also runs the {@link Partitions} rounds.
 */
@Component
class Reconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final TaskStore store;
    private final Partitions partitions;
    private final MesosClient mesos;
    private final ReconciliationProperties properties;
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final AtomicLong generation = new AtomicLong();
    private volatile ScheduledExecutorService executor;

    Reconciler(TaskStore store, Partitions partitions, MesosClient mesos, ReconciliationProperties properties) {
        this.store = store;
        this.partitions = partitions;
        this.mesos = mesos;
        this.properties = properties;
    }

    @EventListener
    void onSubscribed(MesosEvent.Subscribed subscribed) {
        long round = generation.incrementAndGet();
        answered.clear();
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.execute(() -> explicit(round, 1, properties.explicitRetryMin()));
        }
    }

    @EventListener
    void onUpdate(MesosEvent.Updated update) {
        answered.add(update.update().taskId());
    }

    private void explicit(long round, int attempt, Duration nextDelay) {
        if (round != generation.get() || !mesos.isSubscribed()) {
            return; // a newer subscription started its own rounds
        }
        List<TaskRef> tasks = store.nonTerminal().stream()
                .filter(t -> t.agentId() != null && !answered.contains(t.taskId()))
                .map(t -> new TaskRef(t.taskId(), t.agentId()))
                .toList();
        if (tasks.isEmpty()) {
            return;
        }
        log.info("Explicit reconciliation round {} of {} tasks", attempt, tasks.size());
        mesos.reconcile(tasks);
        if (attempt < properties.explicitRounds()) {
            Duration after = nextDelay.compareTo(properties.explicitRetryMax()) < 0 ? nextDelay.multipliedBy(2)
                    : properties.explicitRetryMax();
            executor.schedule(() -> explicit(round, attempt + 1, after), nextDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void implicit() {
        if (mesos.isSubscribed()) {
            log.debug("Implicit reconciliation");
            mesos.reconcile(List.of());
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "reconciliation");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.implicitInterval().toMillis();
        executor.scheduleWithFixedDelay(this::implicit, period, period, TimeUnit.MILLISECONDS);
        long partitionRound = Math.max(200, Math.min(5000, properties.partitionTimeout().toMillis() / 4));
        executor.scheduleWithFixedDelay(() -> quietly(partitions::expire), partitionRound, partitionRound, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(() -> quietly(partitions::killReturned), 1000, 1000, TimeUnit.MILLISECONDS);
    }

    /** A failed round is logged; the next one runs (an exception would cancel the schedule). */
    private static void quietly(Runnable round) {
        try {
            round.run();
        } catch (RuntimeException e) {
            log.warn("Partition round failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    /** Started before the Mesos subscription, whose events it handles. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1000;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
