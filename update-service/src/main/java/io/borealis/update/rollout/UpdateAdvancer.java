package io.borealis.update.rollout;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobView;
import io.borealis.api.task.TaskView;
import io.borealis.update.gateway.JobServiceClient;
import io.borealis.update.gateway.SchedulerClient;
import io.borealis.update.gateway.UpstreamException;
import io.borealis.update.lifecycle.Advance;
import io.borealis.update.lifecycle.Direction;
import io.borealis.update.lifecycle.InstanceState;
import io.borealis.update.lifecycle.InstanceWatch;
import io.borealis.update.lifecycle.RestartCheck;
import io.borealis.update.lifecycle.RolloutSettings;
import io.borealis.update.lifecycle.UpdateEngine;
import io.borealis.update.lifecycle.UpdateKind;
import io.borealis.update.lifecycle.UpdateState;
import io.borealis.update.lifecycle.UpdateStatus;
import io.borealis.update.strategy.Step;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One round of one update: read what is recorded, observe the tasks, let the {@link UpdateEngine}
 * decide, record the decision (write-ahead), then make job-service's desired state match every
 * in-flight instance's target. The last part is level-triggered: an instance whose step was
 * recorded but whose config was never set (a crash in between) is set on the next round.
 */
@Component
class UpdateAdvancer {

    private static final Logger log = LoggerFactory.getLogger(UpdateAdvancer.class);
    /** In-flight instances named in one task read at most; more read the whole job. */
    private static final int MAX_INSTANCES_READ = 500;

    private final JobUpdates updates;
    private final JobUpdateEvents events;
    private final UpdateInstances instances;
    private final JobServiceClient jobs;
    private final SchedulerClient scheduler;
    private final TaskEndings endings;
    private final TransactionTemplate transactions;
    private final Clock clock;
    /**
     * Updates whose job lock this process has (re)taken. Only a cache: taking the lock again as the
     * same holder succeeds, so after a restart each active update takes it once more. That covers a
     * crash between recording an update and locking its job.
     */
    private final java.util.Set<UUID> locked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    UpdateAdvancer(JobUpdates updates, JobUpdateEvents events, UpdateInstances instances, JobServiceClient jobs,
            SchedulerClient scheduler, TaskEndings endings, TransactionTemplate transactions, Clock clock) {
        this.updates = updates;
        this.events = events;
        this.instances = instances;
        this.jobs = jobs;
        this.scheduler = scheduler;
        this.endings = endings;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What was recorded, read in one transaction. */
    private record Snapshot(JobKey job, long version, boolean lockReleased, UpdateState state) {
    }

    /**
     * What to do after the commit: instance → target version (null: remove) for every in-flight
     * instance; for a restart, the in-flight instances the scheduler must (still) restart.
     */
    private record Work(JobKey job, Map<Integer, String> targets, List<Integer> toRestart, boolean releaseLock) {
    }

    /**
     * One round of one update; returns when an in-flight instance's watch period ends (look again
     * then), or null. A step that moves the update into a new rolling state (ROLLING_BACK after the
     * failure threshold) is followed at once by a second step on the same observation, each recorded
     * before it acts, so that the new direction's first instances start in this round, not the next.
     */
    Instant advance(UUID id) {
        Snapshot snapshot = read(id);
        if (snapshot == null) {
            return null;
        }
        if (snapshot.state().status().isTerminal()) {
            releaseLock(id, snapshot.job());
            return null;
        }
        List<TaskView> tasks;
        long observing = System.nanoTime();
        try {
            if (!locked.contains(id)) {
                jobs.lock(snapshot.job(), id.toString());
                locked.add(id);
                if (finishedMeanwhile(id)) {
                    // a verb ended it and released the lock between our read and our lock: release it again
                    releaseLock(id, snapshot.job());
                    return null;
                }
            }
            endings.observing(id);
            tasks = observe(snapshot);
        } catch (UpstreamException e) {
            log.warn("update {}: cannot lock or observe {} this round: {}", id, snapshot.job(), e.getMessage());
            blocked(id, snapshot.version(), "cannot lock or observe the job: " + e.getMessage());
            return null;
        }
        Map<Integer, List<TaskView>> byInstance = tasks.stream().collect(Collectors.groupingBy(TaskView::instance));
        Instant now = clock.instant();
        log.debug("update {}: observed {} task(s) of {} instance(s) in {} ms", id, tasks.size(), byInstance.size(),
                (System.nanoTime() - observing) / 1_000_000);
        for (int step = 1; ; step++) {
            Snapshot recorded = snapshot;
            Advance advance = UpdateEngine.advance(recorded.state(), byInstance, now);
            Work work = transactions.execute(tx -> record(id, recorded, advance, byInstance, now));
            if (work == null) {
                return null;
            }
            apply(id, work);
            restart(id, work);
            if (work.releaseLock()) {
                releaseLock(id, work.job());
            }
            UpdateStatus to = advance.transition() == null ? null : advance.transition().to();
            if (to == null || !to.isActive() || to != Direction.of(to).rolling()) {
                return advance.nextCheck();
            }
            if (step == 2) {
                return now; // changed direction twice in one round: look again at once
            }
            snapshot = read(id);
            if (snapshot == null || snapshot.state().status().isTerminal()) {
                return null;
            }
        }
    }

    /**
     * The tasks the engine needs this round. An update judges only its in-flight instances and starts
     * the next ones without looking at tasks, so it reads those instances' tasks alone (nothing when
     * none is in flight): a small read even of a job of thousands. A restart records the live task of
     * each instance it starts, so it reads the whole job, as does a very large batch (the list would
     * not fit a URL).
     */
    private List<TaskView> observe(Snapshot snapshot) {
        UpdateState state = snapshot.state();
        if (state.kind() == UpdateKind.RESTART) {
            return scheduler.tasks(snapshot.job());
        }
        Direction direction = Direction.of(state.status());
        List<Integer> inFlight = state.instances().stream().filter(i -> i.step(direction) == Step.IN_FLIGHT)
                .map(InstanceState::instance).toList();
        if (inFlight.isEmpty()) {
            return List.of();
        }
        return inFlight.size() > MAX_INSTANCES_READ ? scheduler.tasks(snapshot.job())
                : scheduler.tasks(snapshot.job(), inFlight);
    }

    /** What is recorded of the update, read in one transaction; null if there is no such update. */
    private Snapshot read(UUID id) {
        return transactions.execute(tx -> updates.findById(id).map(u -> new Snapshot(u.job(),
                u.version(), u.isLockReleased(), new UpdateState(u.kind(), u.status(), RolloutSettings.of(u.settings()),
                        u.batchesStarted(), u.autoPausedBatch(), u.lastProgressAt(), u.lastPulseAt(),
                        instances.findByUpdateIdOrderByOrdinal(id).stream().map(UpdateInstance::state).toList())))
                .orElse(null));
    }

    private Work record(UUID id, Snapshot snapshot, Advance advance, Map<Integer, List<TaskView>> tasks, Instant now) {
        JobUpdate update = updates.findById(id).orElseThrow();
        if (!Objects.equals(update.version(), snapshot.version())) {
            return null; // someone (a verb) changed it meanwhile: decide again next round
        }
        Direction direction = Direction.of(update.status());
        boolean back = direction == Direction.BACK;
        List<UpdateInstance> rows = instances.findByUpdateIdOrderByOrdinal(id);
        Map<Integer, UpdateInstance> byInstance = new HashMap<>();
        rows.forEach(r -> byInstance.put(r.instance(), r));
        for (Advance.InstanceChange change : advance.changes()) {
            byInstance.get(change.instance()).judged(back, change.step(), change.failures());
            if (change.action() != null) {
                events.save(JobUpdateEvent.instanceAction(id, change.action(), change.instance(), now, change.message()));
            }
        }
        int seq = rows.stream().mapToInt(UpdateInstance::startedSeq).max().orElse(0);
        boolean restart = update.kind() == UpdateKind.RESTART;
        for (int instance : advance.start()) {
            if (restart && !back) {
                byInstance.get(instance).startRestart(advance.batchesStarted(), ++seq, now,
                        liveTask(tasks.getOrDefault(instance, List.of())));
            } else {
                byInstance.get(instance).start(back, advance.batchesStarted(), ++seq, now);
            }
            events.save(JobUpdateEvent.instanceAction(id, direction.starting(), instance, now,
                    "batch " + advance.batchesStarted()));
        }
        update.progress(advance.batchesStarted(), advance.autoPausedBatch(), advance.progressed(),
                advance.blockedBy(), now);
        boolean release = advance.transition() != null && StatusChanges.apply(update, rows, advance.transition(),
                advance.reason(), null, events, now);
        if (advance.transition() != null) {
            log.info("update {} of {}: {} -> {} {}", id, update.job(), advance.transition().from(),
                    advance.transition().to(), advance.reason() == null ? "" : "(" + advance.reason() + ")");
        }
        updates.saveAndFlush(update);
        Direction after = Direction.of(update.status());
        List<Integer> toRestart = !restart || after != Direction.FORWARD ? List.of() : rows.stream()
                .map(UpdateInstance::state)
                .filter(i -> i.forward() == Step.IN_FLIGHT)
                .filter(i -> RestartCheck.needsCall(i, tasks.getOrDefault(i.instance(), List.of())))
                .map(InstanceState::instance).toList();
        return new Work(update.job(), inFlightTargets(rows, after), toRestart, release);
    }

    /** The instance's newest task that is not terminal, or null. */
    private static String liveTask(List<TaskView> tasks) {
        return tasks.stream().filter(t -> t.status() != null && !t.status().isTerminal())
                .max(java.util.Comparator.comparing(InstanceWatch::created)).map(TaskView::taskId).orElse(null);
    }

    /**
     * Asks the scheduler to restart the instances whose restart step is recorded but not yet made,
     * then records the replacement tasks it answered with. A failed call is retried next round;
     * {@link RestartCheck} makes sure a call that did reach the scheduler is not made again.
     */
    private void restart(UUID id, Work work) {
        if (work.toRestart().isEmpty()) {
            return;
        }
        List<SchedulerClient.Restarted> restarted;
        try {
            restarted = scheduler.restart(work.job(), work.toRestart(), "rolling restart " + id);
        } catch (UpstreamException e) {
            log.warn("update {}: instances {} not restarted yet ({}), retrying next round", id, work.toRestart(),
                    e.getMessage());
            blockedNow(id, "cannot restart instances " + work.toRestart() + ": " + e.getMessage());
            return;
        }
        transactions.executeWithoutResult(tx -> {
            Map<Integer, UpdateInstance> rows = new HashMap<>();
            instances.findByUpdateIdOrderByOrdinal(id).forEach(r -> rows.put(r.instance(), r));
            for (SchedulerClient.Restarted r : restarted) {
                UpdateInstance row = rows.get(r.instance());
                if (row != null && row.forwardStep() == Step.IN_FLIGHT && r.taskId() != null) {
                    row.restartedAs(r.taskId());
                }
            }
        });
    }

    private static Map<Integer, String> inFlightTargets(List<UpdateInstance> rows, Direction direction) {
        Map<Integer, String> targets = new HashMap<>();
        for (UpdateInstance row : rows) {
            InstanceState state = row.state();
            if (state.step(direction) == Step.IN_FLIGHT) {
                targets.put(row.instance(), state.target(direction));
            }
        }
        return targets;
    }

    /**
     * Makes job-service's desired config of each in-flight instance its target; a failure is retried
     * next round. The job is read here, after the decision is recorded, and only when an instance is
     * in flight: the desired state it compares with is then as fresh as can be, and a round that
     * starts or judges nothing does not read it.
     */
    private void apply(UUID id, Work work) {
        if (work.targets().isEmpty()) {
            return;
        }
        JobView job;
        try {
            job = jobs.job(work.job());
        } catch (UpstreamException e) {
            log.warn("update {}: instances {} not set yet ({}), retrying next round", id, work.targets().keySet(),
                    e.getMessage());
            blockedNow(id, "cannot read the job to set instances " + work.targets().keySet() + ": " + e.getMessage());
            return;
        }
        Map<Integer, String> desired = job.instances() == null ? Map.of() : job.instances();
        int sent = 0;
        for (Map.Entry<Integer, String> entry : work.targets().entrySet()) {
            int instance = entry.getKey();
            String target = entry.getValue();
            if (sent > 0 && endings.endedOnTarget(id, work.targets())) {
                log.debug("update {}: a task of an instance just set ended; judging it before setting the rest", id);
                return;
            }
            try {
                if (target == null && desired.containsKey(instance)) {
                    sent++;
                    jobs.removeInstance(work.job(), instance, id.toString());
                } else if (target != null && !target.equals(desired.get(instance))) {
                    sent++;
                    jobs.setInstance(work.job(), instance, target, id.toString());
                }
            } catch (UpstreamException e) {
                log.warn("update {}: instance {} not set yet ({}), retrying next round", id, instance, e.getMessage());
            }
        }
    }

    private boolean finishedMeanwhile(UUID id) {
        return Boolean.TRUE.equals(transactions.execute(tx -> updates.findById(id)
                .map(u -> u.status().isTerminal()).orElse(true)));
    }

    private void releaseLock(UUID id, JobKey job) {
        locked.remove(id);
        try {
            jobs.unlock(job, id.toString());
        } catch (UpstreamException e) {
            if (e.status() != 404 && e.status() != 409) {
                log.warn("update {}: lock of {} not released yet: {}", id, job, e.getMessage());
                return;
            }
        }
        transactions.executeWithoutResult(tx -> updates.findById(id).ifPresent(u -> {
            u.lockReleased();
            updates.saveAndFlush(u);
        }));
    }

    /** Says why the update is blocked, whatever changed since the round read it (it is still active). */
    private void blockedNow(UUID id, String why) {
        transactions.executeWithoutResult(tx -> updates.findById(id).ifPresent(u -> {
            if (u.status().isActive() && !why.equals(u.blockedBy())) {
                u.progress(u.batchesStarted(), u.autoPausedBatch(), false, why, clock.instant());
                updates.saveAndFlush(u);
            }
        }));
    }

    private void blocked(UUID id, long version, String why) {
        transactions.executeWithoutResult(tx -> updates.findById(id).ifPresent(u -> {
            if (Objects.equals(u.version(), version) && u.status().isActive() && !why.equals(u.blockedBy())) {
                u.progress(u.batchesStarted(), u.autoPausedBatch(), false, why, clock.instant());
                updates.saveAndFlush(u);
            }
        }));
    }

}
