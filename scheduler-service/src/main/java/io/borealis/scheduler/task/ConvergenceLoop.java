package io.borealis.scheduler.task;

import io.borealis.api.job.DesiredState;
import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobView;
import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.concurrent.Daemons;
import io.borealis.scheduler.desired.DesiredStateCache;
import io.borealis.scheduler.desired.DesiredStateChanged;
import io.borealis.scheduler.leader.LeaderElection;
import io.borealis.scheduler.leader.LeaderEvent;
import io.borealis.scheduler.mesos.MesosClient;
import io.borealis.scheduler.mesos.TaskRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The controller loop: compares desired state with the tasks and applies the planner's actions;
 * only on the leader. A full round (every job) runs every {@code convergenceInterval}, at election
 * and on {@link #wake()}; between them, rounds cover only the jobs named by a desired-state change
 * or a task that ended ({@link #wake(Collection)}), so their cost follows what changed rather than
 * the number of tasks.
 */
@Component
public class ConvergenceLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConvergenceLoop.class);
    /** At most this many tasks are created per round (one transaction); more follow in the next round. */
    static final int MAX_CREATES_PER_ROUND = 5000;

    private final DesiredStateCache desired;
    private final TaskStore store;
    private final TaskQueries queries;
    private final TaskKiller killer;
    private final StateLock lock;
    private final MesosClient mesos;
    private final TaskProperties properties;
    private final LeaderElection leader;
    private final InstancePlanner planner;
    private final ApplicationEventPublisher publisher;
    private final UpdateBacklog backlog;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicBoolean fullDue = new AtomicBoolean(true);
    private final Set<JobKey> dirtyJobs = ConcurrentHashMap.newKeySet();
    private final TransientTimeouts timeouts;
    private volatile ScheduledExecutorService executor;

    ConvergenceLoop(DesiredStateCache desired, TaskStore store, TaskQueries queries, TaskKiller killer, StateLock lock, MesosClient mesos,
                    TaskProperties properties, LeaderElection leader, ApplicationEventPublisher publisher,
                    UpdateBacklog backlog) {
        this.queries = queries;
        this.backlog = backlog;
        this.publisher = publisher;
        this.leader = leader;
        this.desired = desired;
        this.store = store;
        this.killer = killer;
        this.lock = lock;
        this.mesos = mesos;
        this.properties = properties;
        this.planner = new InstancePlanner(properties.flapping());
        this.timeouts = new TransientTimeouts(properties.assignedTimeout(), properties.transientTimeout());
    }

    /** A full round soon; wake-ups arriving while one is queued are merged. */
    public void wake() {
        fullDue.set(true);
        schedule();
    }

    /** A round over these jobs soon (merged with other wake-ups). */
    public void wake(Collection<JobKey> jobs) {
        if (!jobs.isEmpty()) {
            dirtyJobs.addAll(jobs);
            schedule();
        }
    }

    private void schedule() {
        ScheduledExecutorService running = executor;
        if (running != null && queued.compareAndSet(false, true)) {
            running.execute(this::runOnce);
        }
    }

    @EventListener
    void onDesiredStateChanged(DesiredStateChanged changed) {
        if (changed.everyJob()) {
            wake();
        } else {
            wake(changed.jobs());
        }
    }

    @EventListener
    void onElected(LeaderEvent.Elected elected) {
        wake();
    }

    private void runOnce() {
        queued.set(false);
        if (!leader.isLeader()) {
            return; // a standby only watches; the leader's rounds decide
        }
        if (!desired.freshSinceElection()) {
            return; // elected moments ago: wait for desired state read since (its arrival wakes a full round)
        }
        try {
            desired.current().ifPresent(state -> lock.run(() -> {
                boolean full = fullDue.getAndSet(false);
                Set<JobKey> jobs = new HashSet<>();
                for (JobKey job : List.copyOf(dirtyJobs)) {
                    dirtyJobs.remove(job);
                    jobs.add(job);
                }
                if (full) {
                    converge(state);
                } else if (converge(jobs)) {
                    wake(jobs);
                }
            }));
        } catch (RuntimeException e) {
            log.warn("Convergence round failed; the next one retries: {}", e.toString(), e);
        }
    }

    /** Every job: the desired ones and those that still have tasks. */
    private void converge(DesiredState state) {
        Set<JobKey> jobs = new HashSet<>(queries.jobsWithTasks());
        state.jobs().forEach(job -> jobs.add(job.key()));
        if (converge(jobs)) {
            wake();
        }
        Collection<Task> live = queries.nonTerminalUnordered();
        if (releaseThrottled(live)) {
            tasksPending();
        }
        live.stream().filter(t -> TaskLifecycle.isKillRequested(t.status())).forEach(killer::retryIfStale);
        checkTransient(live);
    }

    /**
     * Only these jobs; true if tasks remain to be created (the caller asks for another round). Planned
     * job by job: a full round over 100,000 instances then works on maps of one job's instances
     * instead of one map of them all (see docs/benchmarks.md, "Convergence round").
     */
    private boolean converge(Set<JobKey> jobs) {
        List<InstancePlanner.Action.Create> creates = new ArrayList<>();
        List<KillOrder> kills = new ArrayList<>();
        for (JobKey job : jobs) {
            Optional<JobView> view = desired.job(job);
            Collection<Task> live = queries.nonTerminalOf(job);
            if (view.isEmpty() && live.isEmpty()) {
                continue; // only ended tasks left: nothing to create, nothing to kill
            }
            List<InstancePlanner.Action> actions = planner.plan(view.map(List::of).orElse(List.of()), facts(live),
                    facts(queries.newestOf(job)));
            Map<String, Task> byId = null;
            for (InstancePlanner.Action action : actions) {
                if (action instanceof InstancePlanner.Action.Create create) {
                    creates.add(create);
                } else if (action instanceof InstancePlanner.Action.Kill kill) {
                    if (byId == null) {
                        byId = live.stream().collect(Collectors.toMap(Task::taskId, Function.identity()));
                    }
                    kills.add(new KillOrder(byId.get(kill.taskId()), kill.why()));
                }
            }
        }
        return apply(creates, kills);
    }

    /** A task the plan kills, and why. */
    private record KillOrder(Task task, String why) {
    }

    /** Carries out a plan; true if it had more tasks to create than one round creates. */
    private boolean apply(List<InstancePlanner.Action.Create> allCreates, List<KillOrder> kills) {
        boolean created = false;
        for (InstancePlanner.Action.Create create : allCreates) {
            if (create.throttle().isZero()) {
                created = true;
            } else {
                wakeAfter(create.throttle());
            }
        }
        // a huge round would hold the state lock for long: create a slice, the next round (at once) the rest
        List<InstancePlanner.Action.Create> creates = allCreates;
        boolean more = creates.size() > MAX_CREATES_PER_ROUND;
        if (more) {
            creates = creates.subList(0, MAX_CREATES_PER_ROUND);
        }
        if (!creates.isEmpty()) {
            List<Task> tasks = store.createAll(creates);
            for (int i = 0; i < tasks.size(); i++) {
                logCreated(tasks.get(i), creates.get(i).why(), tasks.size());
            }
            if (tasks.size() > 20) {
                log.info("Created {} tasks", tasks.size());
            }
        }
        for (KillOrder kill : kills) {
            log.info("Killing {}: {}", kill.task().taskId(), kill.why());
            killer.kill(kill.task(), kill.why());
        }
        if (created) {
            tasksPending();
        }
        return more;
    }

    /** REVIVE stays under the lock: SUPPRESS (offer rounds) and REVIVE must reach the master in the order decided. */
    private void tasksPending() {
        mesos.revive();
        publisher.publishEvent(new TasksPending());
    }

    /** Tasks stuck in a transient state: asked about first, declared LOST later (see {@link TransientTimeouts}). */
    private void checkTransient(Collection<Task> live) {
        TransientTimeouts.Verdict verdict = timeouts.check(live, Instant.now(), backlog.waiting() == 0,
                task -> orZero(queries.config(task).killGracePeriodSecs()));
        if (!verdict.ask().isEmpty()) {
            log.info("{} tasks in a transient state past its timeout: asking Mesos about them", verdict.ask().size());
            List<TaskRef> ask = verdict.ask();
            lock.afterRelease(() -> mesos.reconcile(ask));
        }
        verdict.lost().forEach(this::presumeLost);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** One line per new task, unless a round creates many (then one line, and each at debug level). */
    private static void logCreated(Task task, String why, int ofRound) {
        if (ofRound <= 20) {
            log.info("Created {} {} ({})", task.status(), task.taskId(), why);
        } else {
            log.debug("Created {} {} ({})", task.status(), task.taskId(), why);
        }
    }

    /** THROTTLED tasks whose delay has passed become PENDING; true if there was one. */
    private boolean releaseThrottled(Collection<Task> live) {
        Instant now = Instant.now();
        boolean released = false;
        for (Task task : live) {
            if (task.status() == TaskStatus.THROTTLED && task.throttledUntil() != null && !task.throttledUntil().isAfter(now)) {
                store.apply(task.taskId(), TaskStatus.PENDING, "throttle delay passed", "scheduler", null);
                released = true;
            }
        }
        return released;
    }

    private void wakeAfter(Duration delay) {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.schedule(() -> wake(), delay.toMillis() + 10, TimeUnit.MILLISECONDS);
        }
    }

    /** No word on the task for too long, even when asked: LOST makes the next round replace it. */
    private void presumeLost(Task task, String why) {
        log.warn("{} is {}; presuming it lost", task.taskId(), why);
        store.apply(task.taskId(), TaskStatus.LOST, why, "scheduler", null);
        killer.send(task); // in case it does run somewhere after all
        killer.forget(task.taskId());
        wake(List.of(task.job()));
    }

    private static List<InstancePlanner.TaskFacts> facts(Collection<Task> tasks) {
        return tasks.stream().map(t -> new InstancePlanner.TaskFacts(t.taskId(), t.job(), t.instance(),
                t.configVersion(), t.status(), t.failureCount(), t.startedAt(), t.updatedAt(), t.throttlePenalty())).toList();
    }

    @Override
    public void start() {
        executor = Daemons.scheduler("convergence");
        long period = properties.convergenceInterval().toMillis();
        executor.scheduleWithFixedDelay(this::wake, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    /** Started before the Mesos subscription, whose events it handles. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1000;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
