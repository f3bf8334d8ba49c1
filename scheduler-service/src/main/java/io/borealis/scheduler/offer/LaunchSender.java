package io.borealis.scheduler.offer;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.concurrent.Daemons;
import io.borealis.scheduler.mesos.Launch;
import io.borealis.scheduler.mesos.MesosClient;
import io.borealis.scheduler.mesos.MesosProperties;
import io.borealis.scheduler.mesos.Offer;
import io.borealis.scheduler.task.ConvergenceLoop;
import io.borealis.scheduler.task.StateLock;
import io.borealis.scheduler.task.TaskStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends an offer round's launches: one ACCEPT per used offer, up to
 * {@code borealis.mesos.call-concurrency} at once, after the round. The tasks are ASSIGNED and
 * committed already (write-ahead), so the state lock is not held while the master answers, and
 * status updates (of these very launches, too) go on meanwhile. Launches whose ACCEPT was not taken
 * are on no agent: once every answer is in they become LOST, under the lock, and the convergence
 * loop replaces them.
 */
@Component
class LaunchSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LaunchSender.class);

    private final MesosClient mesos;
    private final StateLock lock;
    private final TaskStore store;
    private final ConvergenceLoop convergence;
    private final int threads;
    private volatile ExecutorService senders;

    LaunchSender(MesosClient mesos, StateLock lock, TaskStore store, ConvergenceLoop convergence,
                 MesosProperties properties) {
        this.mesos = mesos;
        this.lock = lock;
        this.store = store;
        this.convergence = convergence;
        this.threads = properties.callConcurrency();
    }

    /** Sends the ACCEPTs of these used offers with their launches; returns at once (before the answers). */
    void acceptAll(List<Offer> used, Map<String, List<Launch>> perOffer, double refuse) {
        ExecutorService executor = senders;
        List<CompletableFuture<Boolean>> answers = new ArrayList<>(used.size());
        for (Offer offer : used) {
            List<Launch> tasks = perOffer.get(offer.id());
            answers.add(executor == null
                    ? CompletableFuture.completedFuture(accept(offer, tasks, refuse))
                    : CompletableFuture.supplyAsync(() -> accept(offer, tasks, refuse), executor));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenRun(() -> {
            List<String> lost = new ArrayList<>();
            for (int i = 0; i < used.size(); i++) {
                if (!answers.get(i).join()) {
                    perOffer.get(used.get(i).id()).forEach(t -> lost.add(t.taskId()));
                }
            }
            if (!lost.isEmpty()) {
                Set<JobKey> jobs = new HashSet<>();
                lock.run(() -> lost.forEach(taskId -> store.apply(taskId, TaskStatus.LOST,
                        "launch could not be sent to Mesos", "scheduler", null).ifPresent(a -> jobs.add(a.task().job()))));
                convergence.wake(jobs);
            }
        }).exceptionally(e -> {
            // e.g. deposed meanwhile: the next leader reconciles these ASSIGNED tasks
            log.warn("Could not mark the launches of refused ACCEPTs LOST: {}", e.toString());
            return null;
        });
    }

    private boolean accept(Offer offer, List<Launch> tasks, double refuse) {
        try {
            if (mesos.accept(offer, tasks, refuse)) {
                log.info("Launching {} on {}", tasks.size() <= 10 ? tasks.stream().map(Launch::taskId).toList()
                        : tasks.size() + " tasks", offer.hostname());
                return true;
            }
        } catch (IOException | RuntimeException e) {
            log.warn("ACCEPT of offer {} failed: {}", offer.id(), e.getMessage());
        }
        return false;
    }

    @Override
    public void start() {
        senders = Daemons.pool(threads, "offer-accept");
    }

    @Override
    public void stop() {
        ExecutorService sending = senders;
        senders = null;
        if (sending != null) {
            sending.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return senders != null;
    }
}
