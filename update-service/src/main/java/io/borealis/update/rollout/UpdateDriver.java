package io.borealis.update.rollout;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskChangeEvent;
import io.borealis.update.lifecycle.InstanceWatch;
import io.borealis.update.lifecycle.UpdateStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The single background thread that drives every update: every tick, at once when woken, at the
 * moment the first in-flight instance's watch period ends (so that an instance is recorded updated,
 * and the next batch started, when its watch ends rather than up to a tick later), and when a task
 * of a job under update ends or runs (the scheduler's task events, {@link TaskEventStream}: a
 * failure starts the rollback without waiting for the tick). Each round re-reads the updates from
 * the database and advances them. Nothing lives only in memory, so a service killed at any moment
 * carries on from the database when it starts again; events only make a round come sooner.
 */
@Component
class UpdateDriver implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UpdateDriver.class);
    private static final List<UpdateStatus> ACTIVE = Arrays.stream(UpdateStatus.values())
            .filter(UpdateStatus::isActive).toList();

    private final JobUpdates updates;
    private final UpdateAdvancer advancer;
    private final RolloutProperties properties;
    private final TaskEndings endings;
    private final Clock clock;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** Updates to advance soon on their own (task events), folded into one pass. */
    private final Set<UUID> soon = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean soonQueued = new AtomicBoolean();
    private volatile ScheduledExecutorService thread;
    /** The active update of each job, as of the last round: whose task events concern an update. */
    private volatile Map<JobKey, UUID> activeByJob = Map.of();
    /**
     * Told, on the driver thread, whenever there come to be active updates or none are left; the
     * round goes on (observes, decides) only once it returns.
     */
    private volatile Consumer<Boolean> activity = active -> { };
    /** The watch end a wake-up is scheduled for (only touched on the driver thread). */
    private Instant wakeAt;

    UpdateDriver(JobUpdates updates, UpdateAdvancer advancer, RolloutProperties properties, TaskEndings endings,
            Clock clock) {
        this.updates = updates;
        this.advancer = advancer;
        this.properties = properties;
        this.endings = endings;
        this.clock = clock;
    }

    /** Runs a round soon, without waiting for the tick (several wake-ups fold into one round). */
    void wake() {
        ScheduledExecutorService running = thread;
        if (running != null && wakeQueued.compareAndSet(false, true)) {
            running.execute(() -> {
                wakeQueued.set(false);
                round();
            });
        }
    }

    /**
     * A task changed: if it belongs to a job with an active update and the change can decide an
     * instance's verdict, that update is advanced at once (its own pass, not a round of every update).
     */
    void taskChanged(TaskChangeEvent event) {
        UUID id = event.job() == null || event.status() == null ? null : activeByJob.get(event.job());
        if (id == null || !InstanceWatch.canChangeVerdict(event.status())) {
            return;
        }
        log.debug("task {} of {} {} (event {}): advancing update {}", event.taskId(), event.job(), event.status(),
                event.id(), id);
        endings.changed(id, event);
        soon.add(id);
        ScheduledExecutorService running = thread;
        if (running != null && soonQueued.compareAndSet(false, true)) {
            running.execute(() -> {
                soonQueued.set(false);
                Set<UUID> ids = Set.copyOf(soon);
                soon.removeAll(ids);
                round(ids);
            });
        }
    }

    /** {@code listener} is told at once whether any update is active, then every time that changes. */
    void onActivity(Consumer<Boolean> listener) {
        activity = listener;
        listener.accept(!activeByJob.isEmpty());
    }

    private void round() {
        round(null);
    }

    /** Advances the updates to drive, only those of {@code only} unless it is null. */
    private void round(Set<UUID> only) {
        try {
            List<Driven> driven = updates.toDrive(ACTIVE);
            Map<JobKey, UUID> active = new HashMap<>();
            driven.stream().filter(d -> d.status().isActive()).forEach(d -> active.put(d.job(), d.id()));
            boolean was = !activeByJob.isEmpty();
            activeByJob = Map.copyOf(active);
            endings.retain(active.values());
            if (was != !active.isEmpty()) {
                activity.accept(!active.isEmpty());
            }
            advance(driven.stream().map(Driven::id).filter(id -> only == null || only.contains(id)).toList());
        } catch (RuntimeException e) {
            log.warn("update round failed", e);
        }
    }

    private void advance(List<UUID> ids) {
        Instant next = null;
        for (UUID id : ids) {
            try {
                Instant check = advancer.advance(id);
                if (check != null && (next == null || check.isBefore(next))) {
                    next = check;
                }
            } catch (org.springframework.dao.OptimisticLockingFailureException e) {
                log.debug("update {} changed meanwhile; advanced next round", id);
            } catch (RuntimeException e) {
                log.warn("update {} not advanced this round", id, e);
            }
        }
        wakeAt(next);
    }

    /** Schedules a round for the moment a watch period ends, unless the tick comes first or a wake-up no later is pending. */
    private void wakeAt(Instant next) {
        Instant now = clock.instant();
        if (next == null || next.isAfter(now.plus(properties.tick()))) {
            return;
        }
        if (wakeAt != null && !wakeAt.isAfter(next)) {
            return;
        }
        wakeAt = next;
        // 1 ms past the end: the watch has then certainly ended at the instant the round reads the clock
        long delay = Math.max(0, Duration.between(now, next).toMillis() + 1);
        thread.schedule(() -> {
            wakeAt = null;
            wake();
        }, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void start() {
        long tick = properties.tick().toMillis();
        thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "update-driver"));
        thread.scheduleWithFixedDelay(this::round, tick, tick, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = thread;
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }
}
