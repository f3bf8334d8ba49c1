package io.borealis.scheduler.task;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Serialises the writers of task state (convergence, offers, status updates) so each decides on
 * what the others committed; @Version on the task row is the safety net beneath it.
 * <p>
 * How long each kind of writer waited for the lock and then held it is timed
 * ({@code borealis.state.lock.waited} / {@code .held}, tag {@code by}: the thread's name without its
 * trailing number), because every latency of the scheduler passes through here; a wait over
 * {@link #SLOW_WAIT} logs the holder's stack.
 */
@Component
public class StateLock {

    /** A wait this long logs where the holder is (at most once per {@link #SLOW_REPORT_EVERY}). */
    static final Duration SLOW_WAIT = Duration.ofSeconds(1);
    private static final Duration SLOW_REPORT_EVERY = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(StateLock.class);

    private final OwnedLock lock = new OwnedLock();
    private final AtomicLong lastSlowReport = new AtomicLong(System.nanoTime() - SLOW_REPORT_EVERY.toNanos());
    private final MeterRegistry meters;
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();
    /** What the holder asked to run once its outermost hold ends; only the holder touches it. */
    private List<Runnable> deferred = new ArrayList<>();

    public StateLock(MeterRegistry meters) {
        this.meters = meters;
    }

    public void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    public <T> T call(Supplier<T> action) {
        if (lock.isHeldByCurrentThread()) {
            return action.get();
        }
        long asked = System.nanoTime();
        acquire();
        long got = System.nanoTime();
        try {
            return action.get();
        } finally {
            List<Runnable> after = List.of();
            if (!deferred.isEmpty()) {
                after = deferred;
                deferred = new ArrayList<>();
            }
            lock.unlock();
            long released = System.nanoTime();
            Timer[] timed = timers.computeIfAbsent(Thread.currentThread().getName().replaceAll("[-_]?\\d+$", ""),
                    this::timers);
            timed[0].record(got - asked, TimeUnit.NANOSECONDS);
            timed[1].record(released - got, TimeUnit.NANOSECONDS);
            // after the hold is timed: a round trip to the master made here is not time the lock was held
            after.forEach(StateLock::runQuietly);
        }
    }

    /**
     * Runs {@code action} once the calling thread no longer holds the lock: at once if it does not
     * hold it, otherwise right after its outermost hold ends (in the order asked, also when the hold
     * ended with an exception). For calls to Mesos that follow a committed change and whose order
     * against other writers' calls does not matter (KILL after KILLING, RECONCILE): no writer waits for
     * a round trip to the master. (SUPPRESS and REVIVE are not among them.)
     */
    public void afterRelease(Runnable action) {
        if (lock.isHeldByCurrentThread()) {
            deferred.add(action);
        } else {
            runQuietly(action);
        }
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("An action after the state lock failed: {}", e.toString(), e);
        }
    }

    private void acquire() {
        try {
            if (!lock.tryLock(SLOW_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                reportSlow();
                lock.lock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lock.lock(); // callers cannot be interrupted here; keep the flag for them
        }
    }

    /** Where the holder of the lock is while someone waited {@link #SLOW_WAIT} for it. */
    private void reportSlow() {
        long now = System.nanoTime();
        long last = lastSlowReport.get();
        Thread owner = lock.owner();
        if (owner == null || now - last < SLOW_REPORT_EVERY.toNanos() || !lastSlowReport.compareAndSet(last, now)) {
            return;
        }
        StringBuilder where = new StringBuilder();
        StackTraceElement[] frames = owner.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 25); i++) {
            where.append("\n\tat ").append(frames[i]);
        }
        log.warn("{} waited over {} ms for the state lock; {} holds it:{}", Thread.currentThread().getName(),
                SLOW_WAIT.toMillis(), owner.getName(), where);
    }

    /** A fair lock that tells who holds it. */
    private static final class OwnedLock extends ReentrantLock {
        OwnedLock() {
            super(true);
        }

        Thread owner() {
            return getOwner();
        }
    }

    private Timer[] timers(String by) {
        return new Timer[] {
            Timer.builder("borealis.state.lock.waited").tag("by", by)
                    .description("time a writer of task state waited for the state lock")
                    .publishPercentileHistogram().register(meters),
            Timer.builder("borealis.state.lock.held").tag("by", by)
                    .description("time a writer of task state held the state lock")
                    .publishPercentileHistogram().register(meters)
        };
    }
}
