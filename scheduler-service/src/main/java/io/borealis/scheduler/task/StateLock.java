package io.borealis.scheduler.task;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Serialises the writers of task state (convergence, offers, status updates) so each decides on
 * what the others committed; @Version on the task row is the safety net beneath it.
 * <p>
 * How long each kind of writer waited for the lock and then held it is timed
 * ({@code borealis.state.lock.waited} / {@code .held}, tag {@code by}: the thread's name without its
 * trailing number), because every latency of the scheduler passes through here.
 */
@Component
public class StateLock {

    private final ReentrantLock lock = new ReentrantLock(true);
    private final MeterRegistry meters;
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();

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
        lock.lock();
        long got = System.nanoTime();
        try {
            return action.get();
        } finally {
            lock.unlock();
            Timer[] timed = timers.computeIfAbsent(Thread.currentThread().getName().replaceAll("[-_]?\\d+$", ""),
                    this::timers);
            timed[0].record(got - asked, TimeUnit.NANOSECONDS);
            timed[1].record(System.nanoTime() - got, TimeUnit.NANOSECONDS);
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
