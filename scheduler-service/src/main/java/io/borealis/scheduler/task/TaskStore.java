package io.borealis.scheduler.task;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.leader.LeaderFence;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every change of a task goes through here: the lifecycle decides, the new status and its event are
 * committed together, and the caller acts (kill, acknowledge, launch) only after this returns. Every
 * write transaction first passes the {@link LeaderFence}: an instance that no longer leads writes nothing.
 */
@Component
public class TaskStore {

    /** A transition that happened, with the task as it is now and what else must be done. */
    public record Applied(Task task, TaskLifecycle.Outcome outcome) {
    }

    static final EnumSet<TaskStatus> TERMINAL = EnumSet.of(TaskStatus.FINISHED, TaskStatus.FAILED,
            TaskStatus.KILLED, TaskStatus.LOST);
    private static final Logger log = LoggerFactory.getLogger(TaskStore.class);
    private static final TypeReference<LinkedHashMap<String, Integer>> PORTS = new TypeReference<>() { };

    private final Tasks tasks;
    private final TaskEvents events;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private final LeaderFence fence;
    private final TaskLifecycle lifecycle = new TaskLifecycle();

    TaskStore(Tasks tasks, TaskEvents events, JsonMapper json, MeterRegistry meters, LeaderFence fence) {
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
        fence.check();
        String taskId = job.role() + "-" + job.environment() + "-" + job.name() + "-" + instance + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        Instant now = clock.instant();
        Task created = new Task(taskId, job, instance, configVersion, json.writeValueAsString(config), ancestorId,
                failureCount, now);
        if (!throttle.isZero()) {
            created.throttle(now.plus(throttle), throttle);
        }
        Task task = tasks.save(created);
        events.save(new TaskEvent(taskId, now, task.status(), why, "scheduler"));
        return task;
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
        Instant now = clock.instant();
        TaskLifecycle.Outcome outcome = lifecycle.transition(task.status(), to);
        if (!outcome.changed()) {
            meters.counter("borealis.task.transitions.ignored", "from", task.status().name(), "to", to.name()).increment();
            log.debug("Ignored {} → {} for {}", task.status(), to, taskId);
            if (healthy != null && !healthy.equals(task.healthy()) && task.status() == to) {
                task.setHealthy(healthy);
                events.save(new TaskEvent(taskId, now, to, healthy ? "healthy" : "unhealthy: " + message, source));
            }
            return Optional.of(new Applied(task, outcome));
        }
        task.moveTo(to, now);
        if (healthy != null) {
            task.setHealthy(healthy);
        }
        if (outcome.has(TaskLifecycle.SideEffect.CountFailure.class)) {
            task.countFailure();
        }
        events.save(new TaskEvent(taskId, now, to, message, source));
        meters.counter("borealis.task.transitions", "to", to.name()).increment();
        return Optional.of(new Applied(task, outcome));
    }

    @Transactional(readOnly = true)
    public Optional<Task> find(String taskId) {
        return tasks.findById(taskId);
    }

    @Transactional(readOnly = true)
    public List<Task> nonTerminal() {
        return tasks.findByStatusNotInOrderByCreatedAt(TERMINAL);
    }

    @Transactional(readOnly = true)
    public List<Task> throttled() {
        return tasks.findByStatusOrderByCreatedAt(TaskStatus.THROTTLED);
    }

    @Transactional(readOnly = true)
    public List<Task> pending() {
        return tasks.findByStatusOrderByCreatedAt(TaskStatus.PENDING);
    }

    @Transactional(readOnly = true)
    public List<Task> newestPerInstance() {
        return tasks.newestPerInstance();
    }

    @Transactional(readOnly = true)
    public List<Task> ofJob(JobKey job) {
        return tasks.findByRoleAndEnvironmentAndJobNameOrderByCreatedAtDesc(job.role(), job.environment(), job.name());
    }

    @Transactional(readOnly = true)
    public List<TaskEvent> history(List<String> taskIds) {
        return events.findByTaskIdInOrderByIdAsc(taskIds);
    }

    public TaskConfig config(Task task) {
        return json.readValue(task.configJson(), TaskConfig.class);
    }

    public Map<String, Integer> ports(Task task) {
        return task.portsJson() == null ? Map.of() : json.readValue(task.portsJson(), PORTS);
    }
}
