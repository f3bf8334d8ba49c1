package io.borealis.scheduler.maintenance;

import io.borealis.api.job.JobView;
import io.borealis.scheduler.concurrent.Daemons;
import io.borealis.scheduler.desired.DesiredStateCache;
import io.borealis.scheduler.leader.LeaderElection;
import io.borealis.scheduler.placement.AgentMode;
import io.borealis.scheduler.task.StateLock;
import io.borealis.scheduler.task.Task;
import io.borealis.scheduler.task.TaskKiller;
import io.borealis.scheduler.task.TaskQueries;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every {@code drainInterval} (and at once after a drain request): reloads the host modes, and on the
 * leader moves tasks off DRAINING hosts as the {@link DrainPlanner} allows (DRAINING committed, then
 * KILL; the convergence loop replaces them elsewhere) and marks empty hosts DRAINED.
 */
@Component
class Drainer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Drainer.class);

    private final HostModes modes;
    private final TaskQueries queries;
    private final TaskKiller killer;
    private final StateLock lock;
    private final DesiredStateCache desired;
    private final LeaderElection leader;
    private final MaintenanceProperties properties;
    private final DrainPlanner planner;
    private volatile ScheduledExecutorService executor;

    Drainer(HostModes modes, TaskQueries queries, TaskKiller killer, StateLock lock, DesiredStateCache desired,
            LeaderElection leader, MaintenanceProperties properties) {
        this.modes = modes;
        this.queries = queries;
        this.killer = killer;
        this.lock = lock;
        this.desired = desired;
        this.leader = leader;
        this.properties = properties;
        this.planner = new DrainPlanner(properties.maxJobShareDown());
    }

    void wake() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.execute(this::runOnce);
        }
    }

    private void runOnce() {
        try {
            modes.refresh();
            if (leader.isLeader()) {
                lock.run(this::drain);
            }
        } catch (RuntimeException e) {
            log.warn("Drain round failed; the next one retries: {}", e.toString(), e);
        }
    }

    private void drain() {
        Set<String> draining = modes.all().entrySet().stream().filter(e -> e.getValue() == AgentMode.DRAINING)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        if (draining.isEmpty()) {
            return;
        }
        List<Task> live = queries.nonTerminal();
        Map<String, Task> byId = live.stream().collect(Collectors.toMap(Task::taskId, Function.identity()));
        DrainPlanner.Plan plan = planner.plan(draining, live.stream().map(t -> new DrainPlanner.TaskFacts(t.taskId(),
                t.job().path(), t.instance(), t.status(), t.hostname())).toList(), desiredInstances());
        for (String taskId : plan.drainNow()) {
            Task task = byId.get(taskId);
            log.info("Draining {} off {}", taskId, task.hostname());
            killer.drain(task, "host " + task.hostname() + " is draining");
        }
        if (!plan.drained().isEmpty()) {
            log.info("Hosts drained: {}", plan.drained());
            modes.drained(plan.drained());
            modes.refresh();
        }
    }

    /** Only from a successful full read of desired state; without one, live tasks stand for the instances. */
    private Map<String, Integer> desiredInstances() {
        Map<String, Integer> counts = new HashMap<>();
        desired.current().ifPresent(state -> {
            for (JobView job : state.jobs()) {
                counts.put(job.key().path(), job.instances().size());
            }
        });
        return counts;
    }

    @Override
    public void start() {
        executor = Daemons.scheduler("drainer");
        long period = properties.drainInterval().toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
