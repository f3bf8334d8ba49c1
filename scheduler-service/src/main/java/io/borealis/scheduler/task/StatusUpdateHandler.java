package io.borealis.scheduler.task;

import io.borealis.api.job.JobKey;
import io.borealis.scheduler.concurrent.Daemons;
import io.borealis.scheduler.mesos.MesosClient;
import io.borealis.scheduler.mesos.MesosProperties;
import io.borealis.scheduler.mesos.StatusUpdate;
import io.borealis.scheduler.mesos.StatusUpdateListener;
import io.borealis.scheduler.mesos.TaskRef;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * UPDATE events, by group commit: the subscription's reader only queues them; one thread drains the
 * queue, applies a batch under the state lock in ONE transaction, and only after that commit are
 * the updates of the batch that carry a uuid acknowledged, outside the lock, by a few threads
 * (Mesos holds a task's next update until the previous one is acknowledged, so one task's updates
 * never overtake each other). A batch that fails is applied one update at a time, so one bad update
 * does not hold up the others; an update that is not committed is not acknowledged (Mesos resends
 * it). A copy of an update that is still on its way through here (Mesos resends what is not yet
 * acknowledged) is dropped on arrival ({@link UpdatesInFlight}). A terminal update wakes the
 * convergence loop; an unknown task is killed.
 */
@Component
class StatusUpdateHandler implements SmartLifecycle, StatusUpdateListener {

    private static final Logger log = LoggerFactory.getLogger(StatusUpdateHandler.class);
    static final int MAX_BATCH = 10_000;
    private static final int END_ACK_THREADS = 2;

    private final TaskStore store;
    private final TaskKiller killer;
    private final StateLock lock;
    private final MesosClient mesos;
    private final ConvergenceLoop convergence;
    private final UpdateBacklog backlog;
    private final int ackThreads;
    private final BlockingQueue<StatusUpdate> queue = new LinkedBlockingQueue<>();
    private final UpdatesInFlight inFlight = new UpdatesInFlight();
    private volatile Thread worker;
    /** Acknowledges updates a task's next update waits for (STARTING before RUNNING): on the launch path. */
    private volatile ExecutorService acks;
    /**
     * Acknowledges terminal updates: nothing waits for them, so a few threads send them while the
     * others carry the replacements' launches (1,000 tasks failing at once are 1,000 such calls).
     */
    private volatile ExecutorService endAcks;

    StatusUpdateHandler(TaskStore store, TaskKiller killer, StateLock lock, MesosClient mesos, ConvergenceLoop convergence,
                        UpdateBacklog backlog, MesosProperties properties, MeterRegistry meters) {
        this.backlog = backlog;
        this.ackThreads = properties.callConcurrency();
        this.store = store;
        this.killer = killer;
        this.lock = lock;
        this.mesos = mesos;
        this.convergence = convergence;
        FunctionCounter.builder("borealis.status.updates.duplicates", inFlight, UpdatesInFlight::dropped)
                .description("status updates dropped because a copy of them was still being handled").register(meters);
        Gauge.builder("borealis.status.updates.in.flight", inFlight, UpdatesInFlight::size)
                .description("status updates received and not yet acknowledged").register(meters);
    }

    @Override
    public void onUpdate(StatusUpdate update) {
        if (inFlight.admit(update)) {
            backlog.received();
            queue.add(update);
        }
    }

    private void drainForever() {
        List<StatusUpdate> batch = new ArrayList<>();
        while (worker == Thread.currentThread()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            List<StatusUpdate> committed = List.of();
            try {
                committed = handle(batch);
            } catch (RuntimeException e) {
                log.warn("Could not apply {} status updates (not acknowledged; Mesos resends them): {}", batch.size(),
                        e.toString());
            } finally {
                acknowledge(batch, committed);
                backlog.handled(batch.size());
            }
            batch.clear();
        }
    }

    /** Applies a batch; returns the updates that are committed (or needed no change). */
    private List<StatusUpdate> handle(List<StatusUpdate> batch) {
        return lock.call(() -> {
            // what repeats the stored state (reconciliation answers, resent updates) needs no transaction
            boolean[] noOp = store.noOps(batch.stream().map(StatusUpdateHandler::change).toList());
            List<StatusUpdate> changing = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                if (!noOp[i]) {
                    changing.add(batch.get(i));
                }
            }
            if (changing.isEmpty()) {
                return batch;
            }
            List<Optional<TaskStore.Applied>> applied;
            try {
                applied = store.applyAll(changing.stream().map(StatusUpdateHandler::change).toList());
            } catch (RuntimeException e) {
                // one by one: a bad update does not hold up the others, and a task that changed behind
                // the view (the store reloads it then) is tried once more
                if (changing.size() == 1 && !(e instanceof OptimisticLockingFailureException)) {
                    throw e;
                }
                log.warn("A batch of {} status updates failed ({}); applying them one by one", changing.size(), e.toString());
                List<StatusUpdate> done = oneByOne(changing);
                List<StatusUpdate> all = new ArrayList<>(done);
                for (int i = 0; i < batch.size(); i++) {
                    if (noOp[i]) {
                        all.add(batch.get(i));
                    }
                }
                return all;
            }
            afterCommit(changing, applied);
            return batch;
        });
    }

    /** The committed updates of the batch are acknowledged; the others leave {@link #inFlight} unacknowledged. */
    private void acknowledge(List<StatusUpdate> batch, List<StatusUpdate> committed) {
        Set<StatusUpdate> toAck = Collections.newSetFromMap(new IdentityHashMap<>());
        toAck.addAll(committed);
        ExecutorService ackers = acks;
        ExecutorService endAckers = endAcks;
        for (StatusUpdate update : batch) {
            if (!update.needsAck()) {
                continue;
            }
            if (!toAck.contains(update) || ackers == null || endAckers == null) {
                inFlight.release(update);
                continue;
            }
            try {
                (update.status().isTerminal() ? endAckers : ackers).execute(() -> {
                    try {
                        mesos.acknowledge(update);
                    } finally {
                        inFlight.release(update);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                inFlight.release(update);
            }
        }
    }

    private List<StatusUpdate> oneByOne(List<StatusUpdate> batch) {
        List<StatusUpdate> committed = new ArrayList<>();
        for (StatusUpdate update : batch) {
            try {
                afterCommit(List.of(update), store.applyAll(List.of(change(update))));
                committed.add(update);
            } catch (RuntimeException e) {
                log.warn("Status update {} of {} not applied: {}", update.mesosState(), update.taskId(), e.toString());
            }
        }
        return committed;
    }

    /** The side effects of committed transitions: kills, replacements. */
    private void afterCommit(List<StatusUpdate> updates, List<Optional<TaskStore.Applied>> applied) {
        Set<JobKey> reschedule = new HashSet<>();
        for (int i = 0; i < updates.size(); i++) {
            StatusUpdate update = updates.get(i);
            Optional<TaskStore.Applied> result = applied.get(i);
            if (result.isEmpty()) {
                if (!update.status().isTerminal()) {
                    log.warn("Update {} for unknown task {}: killing it", update.mesosState(), update.taskId());
                    TaskRef unknown = new TaskRef(update.taskId(), update.agentId());
                    lock.afterRelease(() -> mesos.kill(unknown, null));
                }
                continue;
            }
            TaskLifecycle.Outcome outcome = result.get().outcome();
            if (outcome.has(TaskLifecycle.SideEffect.Kill.class)) {
                killer.send(result.get().task());
            }
            if (outcome.has(TaskLifecycle.SideEffect.Reschedule.class)) {
                killer.forget(update.taskId());
                reschedule.add(result.get().task().job());
            }
        }
        convergence.wake(reschedule);
    }

    private static TaskStore.Change change(StatusUpdate update) {
        return new TaskStore.Change(update.taskId(), update.status(), update.describe(), source(update), update.healthy());
    }

    private static String source(StatusUpdate update) {
        return update.source().replace("SOURCE_", "").toLowerCase(Locale.ROOT);
    }

    @Override
    public void start() {
        acks = Daemons.pool(ackThreads, "status-ack");
        endAcks = Daemons.pool(END_ACK_THREADS, "status-ack-end");
        Thread thread = Daemons.thread(this::drainForever, "status-updates");
        worker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = worker;
        worker = null;
        if (thread != null) {
            thread.interrupt();
        }
        shutdown(acks);
        acks = null;
        shutdown(endAcks);
        endAcks = null;
    }

    private static void shutdown(ExecutorService ackers) {
        if (ackers != null) {
            ackers.shutdown();
            try {
                ackers.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /** Started before the Mesos subscription, whose events it handles. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1000;
    }
}
