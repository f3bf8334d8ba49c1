package io.borealis.scheduler.offer;

import io.borealis.api.job.TaskConfig;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView.PendingReason;
import io.borealis.scheduler.concurrent.Daemons;
import io.borealis.scheduler.leader.LeaderElection;
import io.borealis.scheduler.maintenance.HostModes;
import io.borealis.scheduler.placement.JobSpread;
import io.borealis.scheduler.placement.Preemptor;
import io.borealis.scheduler.placement.Slot;
import io.borealis.scheduler.placement.Veto;
import io.borealis.scheduler.task.PendingReasons;
import io.borealis.scheduler.task.StateLock;
import io.borealis.scheduler.task.Task;
import io.borealis.scheduler.task.TaskKiller;
import io.borealis.scheduler.task.TaskQueries;
import io.borealis.scheduler.task.TaskStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every {@code interval}, on the leader: production tasks of the {@code preferred} tier that stayed
 * PENDING for at least an interval get victims from the {@link Preemptor} (agents as their last offers
 * left them). The victims are committed PREEMPTING (fenced, all in one transaction), then killed; once
 * KILLED the convergence loop replaces them (PENDING, linked, no failure, never throttled) and the freed
 * resources come back in the next offer, where the production task, older than the replacements, is
 * placed first. While a preemption is under way (a task PREEMPTING), no new one starts.
 */
@Component
class Preemptions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Preemptions.class);
    private static final Set<TaskStatus> PREEMPTIBLE_STATES = EnumSet.of(TaskStatus.ASSIGNED, TaskStatus.STARTING,
            TaskStatus.RUNNING);

    private final TaskStore store;
    private final TaskQueries queries;
    private final TaskKiller killer;
    private final StateLock lock;
    private final AgentBook agents;
    private final HostModes modes;
    private final PendingReasons pendingReasons;
    private final LeaderElection leader;
    private final PreemptionProperties properties;
    private final Preemptor preemptor = new Preemptor();
    private volatile ScheduledExecutorService executor;

    Preemptions(TaskStore store, TaskQueries queries, TaskKiller killer, StateLock lock, AgentBook agents, HostModes modes,
                PendingReasons pendingReasons, LeaderElection leader, PreemptionProperties properties) {
        this.queries = queries;
        this.store = store;
        this.killer = killer;
        this.lock = lock;
        this.agents = agents;
        this.modes = modes;
        this.pendingReasons = pendingReasons;
        this.leader = leader;
        this.properties = properties;
    }

    private void runOnce() {
        try {
            if (leader.isLeader()) {
                lock.run(this::round);
            }
        } catch (RuntimeException e) {
            log.warn("Preemption round failed; the next one retries: {}", e.toString(), e);
        }
    }

    private void round() {
        // only production tasks of the preferred tier that waited an interval may preempt: find them first
        Instant waitedSince = Instant.now().minus(properties.interval());
        Map<String, TaskConfig> configs = new HashMap<>();
        Map<Task, Preemptor.Pending> waiting = new LinkedHashMap<>();
        for (Task task : queries.pending()) {
            if (task.updatedAt().isAfter(waitedSince)) {
                continue;
            }
            TaskConfig config = config(task, configs);
            Preemptor.Pending pending = new Preemptor.Pending(OfferHandler.demand(task, config), config.tier(),
                    orZero(config.priority()), Boolean.TRUE.equals(config.production()));
            if (pending.mayPreempt()) {
                waiting.put(task, pending);
            }
        }
        if (waiting.isEmpty()) {
            return;
        }
        List<Task> live = queries.nonTerminal();
        if (live.stream().anyMatch(t -> t.status() == TaskStatus.PREEMPTING)) {
            return; // one at a time: wait until the last victims are gone and their resources offered
        }
        List<Preemptor.Running> running = new ArrayList<>();
        JobSpread spread = new JobSpread();
        for (Task task : live) {
            if (task.status().isActive()) {
                spread.add(task.job().path(), task.hostname(), agents.attributes(task.agentId()));
            }
            if (PREEMPTIBLE_STATES.contains(task.status()) && task.agentId() != null) {
                running.add(running(task, config(task, configs)));
            }
        }
        List<Slot> free = agents.free().stream().map(this::withMode).toList();
        Set<String> usedAgents = new HashSet<>();
        for (Map.Entry<Task, Preemptor.Pending> entry : waiting.entrySet()) {
            Task task = entry.getKey();
            Preemptor.Pending pending = entry.getValue();
            List<Slot> candidates = free.stream().filter(s -> !usedAgents.contains(s.agentId())).toList();
            Optional<Preemptor.Preemption> chosen = preemptor.choose(pending, vetoes(task.taskId()), candidates,
                    running, spread);
            if (chosen.isEmpty()) {
                continue;
            }
            Preemptor.Preemption preemption = chosen.get();
            usedAgents.add(preemption.agentId());
            String why = "preempted for " + task.taskId() + " (" + task.job().path() + ", priority "
                    + pending.priority() + ")";
            log.info("Preempting {} on {} for {}", preemption.victims(), preemption.hostname(), task.taskId());
            store.markPreempting(preemption.victims(), why).forEach(killer::send);
        }
    }

    private Preemptor.Running running(Task task, TaskConfig config) {
        var resources = LaunchFactory.resources(config);
        return new Preemptor.Running(task.taskId(), task.job().path(), task.agentId(), config.tier(),
                orZero(config.priority()), Boolean.TRUE.equals(config.production()), LaunchFactory.cpus(resources),
                LaunchFactory.ram(resources), LaunchFactory.disk(resources), List.copyOf(queries.ports(task).values()));
    }

    private TaskConfig config(Task task, Map<String, TaskConfig> configs) {
        return configs.computeIfAbsent(task.job().path() + "@" + task.configVersion(), k -> queries.config(task));
    }

    private Slot withMode(Slot slot) {
        return new Slot(slot.offerId(), slot.agentId(), slot.hostname(), slot.attributes(), slot.cpus(), slot.memMb(),
                slot.diskMb(), slot.ports(), modes.of(slot.hostname()));
    }

    /** The vetoes of the task's last offer round; empty if it saw no offer. */
    private Map<Veto, Integer> vetoes(String taskId) {
        Map<Veto, Integer> vetoes = new EnumMap<>(Veto.class);
        for (PendingReason reason : pendingReasons.of(taskId)) {
            for (Veto veto : Veto.values()) {
                if (veto.name().equals(reason.reason())) {
                    vetoes.put(veto, reason.agents());
                }
            }
        }
        return vetoes;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        executor = Daemons.scheduler("preemptions");
        long period = properties.interval().toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, period, period, TimeUnit.MILLISECONDS);
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
