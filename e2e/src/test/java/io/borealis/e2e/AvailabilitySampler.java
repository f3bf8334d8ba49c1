package io.borealis.e2e;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls a job's tasks through the gateway every 200 ms on its own thread and remembers the most
 * instances seen at once without a RUNNING task: the availability bound of a rolling update, sampled.
 */
final class AvailabilitySampler implements AutoCloseable {

    private final Http gateway;
    private final String job;
    private final int instances;
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicInteger maxDown = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "availability-sampler");
        thread.setDaemon(true);
        return thread;
    });

    /** Starts sampling {@code job} (a path such as /api/v1/jobs/r/e/n) whose instances are 0..instances-1. */
    AvailabilitySampler(Http gateway, String job, int instances) {
        this.gateway = gateway;
        this.job = job;
        this.instances = instances;
        timer.scheduleWithFixedDelay(this::sample, 0, 200, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            Http.Response response = gateway.get(job + "/tasks");
            if (response.status() != 200) {
                return;
            }
            Set<Integer> running = new HashSet<>();
            response.json().forEach(t -> {
                if ("RUNNING".equals(t.get("status").asString())) {
                    running.add(t.get("instance").asInt());
                }
            });
            int down = 0;
            for (int i = 0; i < instances; i++) {
                down += running.contains(i) ? 0 : 1;
            }
            int seen = down;
            maxDown.accumulateAndGet(seen, Math::max);
            samples.incrementAndGet();
        } catch (RuntimeException e) {
            // a failed request is no sample; the next one comes 200 ms later
        }
    }

    int samples() {
        return samples.get();
    }

    int maxDown() {
        return maxDown.get();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
