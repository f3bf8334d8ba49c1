package io.borealis.scheduler.reconciliation;

import io.borealis.scheduler.concurrent.Daemons;
import io.borealis.scheduler.leader.LeaderEvent;
import io.borealis.scheduler.mesos.MesosClient;
import io.borealis.scheduler.mesos.MesosEvent;
import io.borealis.scheduler.mesos.StatusUpdate;
import io.borealis.scheduler.mesos.StatusUpdateListener;
import io.borealis.scheduler.mesos.TaskRef;
import io.borealis.scheduler.task.TaskQueries;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * After every SUBSCRIBED: explicit RECONCILE of all non-terminal tasks that have an agent, asked
 * again with capped exponential backoff for those still without a status newer than the round's
 * start, until none is left (a newer subscription ends the round). A repeated ask waits while
 * answers to the previous one still arrive (none for {@code explicitRetryMin}), at most
 * {@code explicitRetryMax}. Every {@code implicitInterval}:
 * implicit RECONCILE. The current round is visible as health component "reconciliation" and as the
 * gauge {@code borealis.reconciliation.outstanding}. Its thread also runs the {@link Partitions} rounds.
 */
@Component("reconciliation")
class Reconciler implements SmartLifecycle, HealthIndicator, StatusUpdateListener {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final TaskQueries queries;
    private final Partitions partitions;
    private final MesosClient mesos;
    private final ReconciliationProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong generation = new AtomicLong();
    private volatile ReconciliationRound round;
    /** The placed tasks read at election for the first ask of the subscription's round; null once taken. */
    private volatile List<TaskRef> prefetched;
    private volatile ScheduledExecutorService executor;

    Reconciler(TaskQueries queries, Partitions partitions, MesosClient mesos, ReconciliationProperties properties,
               MeterRegistry meters) {
        this.queries = queries;
        this.partitions = partitions;
        this.mesos = mesos;
        this.properties = properties;
        Gauge.builder("borealis.reconciliation.outstanding", this, r -> {
            ReconciliationRound current = r.round;
            return current == null ? 0 : Math.max(current.view().outstanding(), 0);
        }).description("tasks of the current explicit reconciliation round without a status yet").register(meters);
    }

    /**
     * Elected: the tasks to ask about are read now, on this component's thread, while the subscription
     * is being made, so that the round's first ask goes out the moment SUBSCRIBED arrives (the read
     * competes with the new leader loading its view; with 100,000 tasks it took 0.6 s after SUBSCRIBED).
     * The first ask of the next round takes it; tasks placed or ended in between are harmless (a task
     * placed later reports anyway, an ended one is answered with its end).
     */
    @EventListener
    void onLeadership(LeaderEvent event) {
        prefetched = null;
        ScheduledExecutorService running = executor;
        if (event instanceof LeaderEvent.Elected && running != null) {
            running.execute(() -> {
                try {
                    prefetched = queries.placedTasks();
                } catch (RuntimeException e) {
                    log.debug("Could not read the placed tasks ahead of the subscription: {}", e.toString());
                }
            });
        }
    }

    @EventListener
    void onSubscribed(MesosEvent.Subscribed subscribed) {
        ReconciliationRound started = new ReconciliationRound(generation.incrementAndGet(), clock.instant(),
                properties.explicitRetryMin(), properties.explicitRetryMax());
        round = started;
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.execute(() -> explicit(started, null));
        }
    }

    @Override
    public void onUpdate(StatusUpdate update) {
        ReconciliationRound current = round;
        if (current != null) {
            current.answered(update.taskId(), clock.instant());
        }
    }

    /**
     * One ask of the round. {@code dueSince}: when this (repeated) ask became due; it is held while the
     * master is still answering the previous one, but never longer than {@code explicitRetryMax}.
     */
    private void explicit(ReconciliationRound current, Instant dueSince) {
        if (current != round || !mesos.isSubscribed()) {
            return; // a newer subscription started its own round
        }
        Instant now = clock.instant();
        if (dueSince != null && Duration.between(dueSince, now).compareTo(properties.explicitRetryMax()) < 0) {
            Duration hold = current.holdBeforeAsking(now, properties.explicitRetryMin());
            if (!hold.isZero()) {
                later(() -> explicit(current, dueSince), hold);
                return;
            }
        }
        try {
            List<TaskRef> placed = prefetched;
            prefetched = null;
            if (placed == null || current.view().asks() > 0) {
                placed = queries.placedTasks();
            }
            Set<String> ask = current.toAsk(placed.stream().map(TaskRef::taskId).toList(), clock.instant());
            if (ask.isEmpty()) {
                log.info("Reconciliation round {} complete: {}", current.number(), current.view());
                return;
            }
            List<TaskRef> tasks = placed.stream().filter(t -> ask.contains(t.taskId())).toList();
            log.info("Explicit reconciliation round {}, ask {}: {} tasks", current.number(), current.view().asks(), tasks.size());
            mesos.reconcile(tasks);
        } catch (RuntimeException e) {
            log.warn("Explicit reconciliation round {} failed, asking again later: {}", current.number(), e.toString());
        }
        Duration backoff = current.backoff();
        later(() -> explicit(current, clock.instant()), backoff);
    }

    private void later(Runnable task, Duration delay) {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Always UP: reconciliation in progress is normal; the details say how far it is. */
    @Override
    public Health health() {
        ReconciliationRound current = round;
        if (current == null) {
            return Health.up().withDetail("round", 0).build();
        }
        ReconciliationRound.View view = current.view();
        Health.Builder health = Health.up().withDetail("round", view.round())
                .withDetail("startedAt", view.startedAt().toString())
                .withDetail("asked", view.asked())
                .withDetail("outstanding", Math.max(view.outstanding(), 0))
                .withDetail("asks", view.asks());
        if (view.completedAt() != null) {
            health.withDetail("completedAt", view.completedAt().toString());
        }
        return health.build();
    }

    private void implicit() {
        if (mesos.isSubscribed()) {
            log.debug("Implicit reconciliation");
            mesos.reconcile(List.of());
        }
    }

    @Override
    public void start() {
        executor = Daemons.scheduler("reconciliation");
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
