package io.borealis.update.rollout;

import io.borealis.update.lifecycle.UpdateStatus;
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
 * The single background thread that drives every update: every tick, and at once when woken, it
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
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private ScheduledExecutorService thread;

    UpdateDriver(JobUpdates updates, UpdateAdvancer advancer, RolloutProperties properties) {
        this.updates = updates;
        this.advancer = advancer;
        this.properties = properties;
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
        try {
            for (UUID id : updates.toDrive(ACTIVE)) {
                try {
                    advancer.advance(id);
                } catch (org.springframework.dao.OptimisticLockingFailureException e) {
                    log.debug("update {} changed meanwhile; advanced next round", id);
                } catch (RuntimeException e) {
                    log.warn("update {} not advanced this round", id, e);
                }
            }
        } catch (RuntimeException e) {
            log.warn("update round failed", e);
        }
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
