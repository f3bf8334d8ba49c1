package io.borealis.scheduler.task;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Serialises the writers of task state (convergence, offers, status updates) so each decides on
 * what the others committed; @Version on the task row is the safety net beneath it.
 */
@Component
public class StateLock {

    private final ReentrantLock lock = new ReentrantLock(true);

    public void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    public <T> T call(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
