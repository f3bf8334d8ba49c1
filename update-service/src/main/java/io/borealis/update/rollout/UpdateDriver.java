package io.borealis.update.rollout;

import io.borealis.update.lifecycle.UpdateStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The single background thread that drives every update: every tick, at once when woken, and at the
 * moment the first in-flight instance's watch period ends (so that an instance is recorded updated,
 * and the next batch started, when its watch ends rather than up to a tick later), it
 * re-reads the active updates from the database and advances each. Nothing lives only in memory,
 * so a service killed at any moment carries on from the database when it starts again.
 */
@Component
class UpdateDriver implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UpdateDriver.class);
    private static final List<UpdateStatus> ACTIVE = Arrays.stream(UpdateStatus.values())
            .filter(UpdateStatus::isActive).toList();

    private final JobUpdates updates;
    private final UpdateAdvancer advancer;
    private final RolloutProperties properties;
    private final Clock clock;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private ScheduledExecutorService thread;
    /** The watch end a wake-up is scheduled for (only touched on the driver thread). */
    private Instant wakeAt;

    UpdateDriver(JobUpdates updates, UpdateAdvancer advancer, RolloutProperties properties, Clock clock) {
        this.updates = updates;
        this.advancer = advancer;
        this.properties = properties;
        this.clock = clock;
    }

    /** Runs a round soon, without waiting for the tick (several wake-ups fold into one round). */
    void wake() {
        if (thread != null && wakeQueued.compareAndSet(false, true)) {
            thread.execute(() -> {
                wakeQueued.set(false);
                round();
            });
        }
    }

    private void round() {
        Instant next = null;
        try {
            for (UUID id : updates.toDrive(ACTIVE)) {
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
        } catch (RuntimeException e) {
            log.warn("update round failed", e);
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
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
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
