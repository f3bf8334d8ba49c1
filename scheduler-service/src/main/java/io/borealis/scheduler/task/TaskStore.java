package io.borealis.scheduler.task;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.leader.LeaderFence;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every change of a task goes through here: the lifecycle decides, the new status and its event are
 * committed together, and the caller acts (kill, acknowledge, launch) only after this returns. Every
 * write transaction first passes the {@link LeaderFence}: an instance that no longer leads writes nothing.
 *
 * <p>While this instance leads, a write starts from the {@link LeaderView}'s copy of a task instead
 * of reading it, and the view takes the written tasks once the transaction commits. Reads are in
 * {@link TaskQueries}.
 */
@Component
public class TaskStore {

    /** A transition that happened, with the task as it is now and what else must be done. */
    public record Applied(Task task, TaskLifecycle.Outcome outcome) {
    }

    static final EnumSet<TaskStatus> TERMINAL = EnumSet.of(TaskStatus.FINISHED, TaskStatus.FAILED,
            TaskStatus.KILLED, TaskStatus.LOST);
    private static final Logger log = LoggerFactory.getLogger(TaskStore.class);

    /** One status change of a batch. */
    public record Change(String taskId, TaskStatus to, String message, String source, Boolean healthy) {
    }

    /** One placement of a batch: the task goes ASSIGNED on this agent with these ports. */
    public record Placed(String taskId, String agentId, String hostname, Map<String, Integer> ports) {
    }

    private final Tasks tasks;
    private final TaskEvents events;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private final LeaderFence fence;
    private final TaskLifecycle lifecycle = new TaskLifecycle();
    private final TaskRows rows;
    private final LeaderView view;

    TaskStore(Tasks tasks, TaskEvents events, JsonMapper json, MeterRegistry meters, LeaderFence fence,
              LeaderView view, JdbcTemplate jdbc) {
        this.view = view;
        this.rows = new TaskRows(jdbc);
        this.fence = fence;
        this.tasks = tasks;
        this.events = events;
        this.json = json;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    public Task createPending(JobKey job, int instance, String configVersion, TaskConfig config,
                              String ancestorId, int failureCount, String why) {
        return create(job, instance, configVersion, config, ancestorId, failureCount, why, Duration.ZERO);
    }

    /** A new task: PENDING, or THROTTLED for {@code throttle} (a flapping instance's replacement). */
    @Transactional
    public Task create(JobKey job, int instance, String configVersion, TaskConfig config,
                       String ancestorId, int failureCount, String why, Duration throttle) {
        return insertAll(List.of(new InstancePlanner.Action.Create(job, instance, configVersion, config, ancestorId,
                failureCount, why, throttle))).get(0);
    }

    /** A convergence round's new tasks in one transaction (batched inserts), in the order given. */
    @Transactional
    List<Task> createAll(List<InstancePlanner.Action.Create> creates) {
        return insertAll(creates);
    }

    private List<Task> insertAll(List<InstancePlanner.Action.Create> creates) {
        fence.check();
        Instant now = clock.instant();
        List<Task> created = new ArrayList<>(creates.size());
        List<TaskEvent> written = new ArrayList<>(creates.size());
        Map<TaskConfig, String> texts = new HashMap<>();
        for (InstancePlanner.Action.Create create : creates) {
            JobKey job = create.job();
            String taskId = job.role() + "-" + job.environment() + "-" + job.name() + "-" + create.instance() + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
            String text = texts.computeIfAbsent(create.config(), json::writeValueAsString);
            Task task = new Task(taskId, job, create.instance(), create.configVersion(), text, create.ancestorId(),
                    create.failureCount(), now);
            if (!create.throttle().isZero()) {
                task.throttle(now.plus(create.throttle()), create.throttle());
            }
            created.add(task);
            written.add(new TaskEvent(taskId, now, task.status(), create.why(), "scheduler"));
        }
        rows.insertTasks(created); // before the events that refer to them
        rows.insert(written);
        view.afterCommit(created);
        return created;
    }

    /**
     * The operator's call: a THROTTLED task becomes PENDING now and its penalty is forgiven.
     *
     * @throws NotFoundException if there is no such task
     * @throws TaskConflictException if it is not THROTTLED
     */
    @Transactional
    public Task unthrottle(String taskId) {
        fence.check();
        Task task = tasks.findById(taskId).orElseThrow(() -> new NotFoundException("task", taskId));
        if (task.status() != TaskStatus.THROTTLED) {
            throw new TaskConflictException(taskId, "task " + taskId + " is " + task.status() + ", not THROTTLED");
        }
        task.forgivePenalty();
        return apply(taskId, TaskStatus.PENDING, "unthrottled by the operator", "operator", null).orElseThrow().task();
    }

    /**
     * The chosen tasks become RESTARTING in one transaction (all or none), before any KILL is sent;
     * returns those newly RESTARTING (a task already RESTARTING is not killed twice here).
     */
    @Transactional
    public List<Task> markRestarting(List<String> taskIds, String why) {
        List<Task> changed = new java.util.ArrayList<>();
        for (String taskId : taskIds) {
            apply(taskId, TaskStatus.RESTARTING, why, "operator", null)
                    .filter(a -> a.outcome().has(TaskLifecycle.SideEffect.Kill.class))
                    .ifPresent(a -> changed.add(a.task()));
        }
        return changed;
    }

    /**
     * The victims of a preemption become PREEMPTING in one transaction (all or none), before any KILL
     * is sent; returns those newly PREEMPTING (a victim that ended or changed meanwhile is left alone).
     */
    @Transactional
    public List<Task> markPreempting(List<String> taskIds, String why) {
        List<Task> changed = new java.util.ArrayList<>();
        for (String taskId : taskIds) {
            apply(taskId, TaskStatus.PREEMPTING, why, "preemption", null)
                    .filter(a -> a.outcome().has(TaskLifecycle.SideEffect.Kill.class))
                    .ifPresent(a -> changed.add(a.task()));
        }
        return changed;
    }

    /** PENDING → ASSIGNED with the agent and ports: committed before the ACCEPT is sent (write-ahead). */
    @Transactional
    public Optional<Task> assign(String taskId, String agentId, String hostname, Map<String, Integer> ports) {
        Optional<Applied> applied = apply(taskId, TaskStatus.ASSIGNED, "placed on " + hostname, "scheduler", null);
        applied.ifPresent(a -> a.task().place(agentId, hostname, json.writeValueAsString(ports)));
        return applied.map(Applied::task);
    }

    /**
     * A whole offer round's placements in one transaction (write-ahead of the ACCEPTs): returns the
     * tasks that went PENDING → ASSIGNED (a task that changed meanwhile is left out). Like
     * {@link #applyAll}, plain JDBC on copies of the view's tasks: no entity is loaded or dirty-checked.
     */
    @Transactional
    public List<Task> assignAll(List<Placed> placements) {
        fence.check();
        Map<String, Task> found = load(placements.stream().map(Placed::taskId).toList());
        List<TaskEvent> written = new ArrayList<>();
        List<Task> assigned = new ArrayList<>();
        Instant now = clock.instant();
        for (Placed placed : placements) {
            Task task = found.get(placed.taskId());
            if (task != null && transition(task, TaskStatus.ASSIGNED, "placed on " + placed.hostname(), "scheduler",
                    null, now, written).changed()) {
                task.place(placed.agentId(), placed.hostname(), json.writeValueAsString(placed.ports()));
                assigned.add(task);
            }
        }
        write(assigned);
        rows.insert(written);
        view.afterCommit(assigned);
        return assigned;
    }

    /**
     * A batch of status changes in one transaction (group commit), applied in order, as
     * {@link #apply} would one by one: one answer per change, empty where the task is unknown.
     */
    @Transactional
    public List<Optional<Applied>> applyAll(List<Change> changes) {
        fence.check();
        Map<String, Task> found = load(changes.stream().map(Change::taskId).toList());
        List<TaskEvent> written = new ArrayList<>();
        List<Optional<Applied>> answers = new ArrayList<>(changes.size());
        Map<String, Task> changed = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (Change change : changes) {
            Task task = found.get(change.taskId());
            if (task == null) {
                answers.add(Optional.empty());
                continue;
            }
            int before = written.size();
            answers.add(Optional.of(new Applied(task, transition(task, change.to(), change.message(), change.source(),
                    change.healthy(), now, written))));
            if (written.size() > before) { // a transition or a health change: the row changes
                changed.put(task.taskId(), task);
            }
        }
        write(changed.values());
        rows.insert(written);
        view.afterCommit(changed.values());
        return answers;
    }

    /**
     * Which changes of a batch would alter nothing (a reconciliation answer or a resent update that
     * repeats what is stored), judged in order against the leader's committed view, as
     * {@link #applyAll} would judge them; such a change needs no transaction, and it is counted as
     * ignored here. A task not in the view is never judged (the database decides). Call under the
     * state lock; without a view, nothing is judged a no-op.
     */
    public boolean[] noOps(List<Change> changes) {
        boolean[] noOp = new boolean[changes.size()];
        TaskIndex leader = view.get();
        if (leader == null) {
            return noOp;
        }
        Map<String, TaskStatus> statuses = new HashMap<>();
        Map<String, Boolean> health = new HashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            Task task = leader.live(change.taskId());
            if (task == null) {
                continue;
            }
            TaskStatus from = statuses.getOrDefault(task.taskId(), task.status());
            Boolean healthy = health.containsKey(task.taskId()) ? health.get(task.taskId()) : task.healthy();
            boolean newHealth = change.healthy() != null && !change.healthy().equals(healthy);
            if (lifecycle.transition(from, change.to()).changed()) {
                statuses.put(task.taskId(), change.to());
                if (change.healthy() != null) {
                    health.put(task.taskId(), change.healthy());
                }
            } else if (newHealth && from == change.to()) {
                health.put(task.taskId(), change.healthy());
            } else {
                noOp[i] = true;
                meters.counter("borealis.task.transitions.ignored", "from", from.name(), "to", change.to().name())
                        .increment();
            }
        }
        return noOp;
    }

    /**
     * Working copies of a batch's tasks, by id: copied from the leader's view where it holds them
     * (no read), the others read with JDBC. A copy that turns out stale (a write that bypassed the
     * view) fails its versioned UPDATE in {@link #write}, which rolls the batch back.
     */
    private Map<String, Task> load(List<String> taskIds) {
        Map<String, Task> found = new HashMap<>();
        TaskIndex leader = view.ifLoaded();
        List<String> missing = new ArrayList<>();
        for (String taskId : new LinkedHashSet<>(taskIds)) {
            Task known = leader != null ? leader.live(taskId) : null;
            if (known != null) {
                found.put(taskId, known.copy());
            } else {
                missing.add(taskId);
            }
        }
        rows.read(missing, found);
        return found;
    }

    /**
     * The changed tasks' rows with one JDBC batch of versioned UPDATEs, in the caller's transaction;
     * if any row changed since it was read, throws (rolling the whole batch back).
     */
    private void write(Collection<Task> changed) {
        String stale = rows.write(changed);
        if (stale != null) {
            // the view was wrong about this task: read every task afresh rather than fail again
            log.warn("Task {} changed since the leader's view of it; the view is reloaded", stale);
            view.drop();
            throw new ObjectOptimisticLockingFailureException(Task.class, stale);
        }
    }

    /**
     * Applies a transition and records it; empty if the task is unknown. An ignored transition
     * (stale or duplicate) is counted and returned as unchanged; a health change is still stored.
     */
    @Transactional
    public Optional<Applied> apply(String taskId, TaskStatus to, String message, String source, Boolean healthy) {
        fence.check();
        Optional<Task> found = tasks.findById(taskId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Task task = found.get();
        List<TaskEvent> written = new ArrayList<>(1);
        TaskLifecycle.Outcome outcome = transition(task, to, message, source, healthy, clock.instant(), written);
        events.saveAll(written);
        view.afterCommit(List.of(task));
        return Optional.of(new Applied(task, outcome));
    }

    /** The lifecycle decides; the task changes and the event to record is added to {@code written}. */
    private TaskLifecycle.Outcome transition(Task task, TaskStatus to, String message, String source, Boolean healthy,
                                             Instant now, List<TaskEvent> written) {
        String taskId = task.taskId();
        TaskLifecycle.Outcome outcome = lifecycle.transition(task.status(), to);
        if (!outcome.changed()) {
            meters.counter("borealis.task.transitions.ignored", "from", task.status().name(), "to", to.name()).increment();
            log.debug("Ignored {} → {} for {}", task.status(), to, taskId);
            if (healthy != null && !healthy.equals(task.healthy()) && task.status() == to) {
                task.setHealthy(healthy);
                written.add(new TaskEvent(taskId, now, to, healthy ? "healthy" : "unhealthy: " + message, source));
            }
            return outcome;
        }
        task.moveTo(to, now);
        if (healthy != null) {
            task.setHealthy(healthy);
        }
        if (outcome.has(TaskLifecycle.SideEffect.CountFailure.class)) {
            task.countFailure();
        }
        written.add(new TaskEvent(taskId, now, to, message, source));
        meters.counter("borealis.task.transitions", "to", to.name()).increment();
        return outcome;
    }
}
