package io.borealis.scheduler.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The scheduler's own threads: daemons (a stopping service never waits for them; each loop's
 * lifecycle stops it), named after the loop they run. The name is what logs, thread dumps and the
 * state lock's timers ({@code by} tag) show, so every thread of one pool carries the same name.
 */
public final class Daemons {

    private Daemons() {
    }

    /** Unstarted daemon threads with this name. */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One daemon thread running {@code runnable}, not started yet. */
    public static Thread thread(Runnable runnable, String name) {
        return named(name).newThread(runnable);
    }

    /** A single-thread scheduled executor on a daemon thread with this name. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }

    /** A fixed pool of daemon threads with this name. */
    public static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, named(name));
    }
}
