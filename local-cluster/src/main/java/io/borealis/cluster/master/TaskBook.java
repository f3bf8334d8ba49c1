package io.borealis.cluster.master;

import com.google.protobuf.ByteString;
import io.borealis.cluster.agent.Agent;
import io.borealis.cluster.agent.AgentReport;
import io.borealis.cluster.agent.ResourceSet;
import io.borealis.cluster.agent.TaskKey;
import io.borealis.cluster.agent.TaskLaunch;
import io.borealis.cluster.agent.TaskListener;
import io.borealis.cluster.agent.TaskRunner;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TimeInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * Tasks and their status updates: launch, reports from runners, reliable delivery (resend with
 * backoff until acknowledged, later updates held back), kill, reconciliation and what happens
 * when an agent goes away. Guarded by the master's lock, which {@link #listener} takes.
 */
final class TaskBook {

    /** Ended tasks kept for /master/state. */
    private static final int COMPLETED_KEPT = 1000;

    private final Object lock;
    private final Map<String, Framework> frameworks;
    private final TaskRunner runner;
    private final ScheduledExecutorService timer;
    private final Path workDir;
    private final Duration retryInterval;
    private final Duration retryMax;
    private final Duration defaultGracePeriod;
    private final Consumer<Agent> resourcesFreed;
    private final Deque<TaskRecord> completed = new ArrayDeque<>();
    private final TaskListener listener;
    final DeliveryCounters counters = new DeliveryCounters();

    TaskBook(Object lock, Map<String, Framework> frameworks, TaskRunner runner, ScheduledExecutorService timer,
            Path workDir, Duration retryInterval, Duration retryMax, Duration defaultGracePeriod, Consumer<Agent> resourcesFreed) {
        this.lock = lock;
        this.frameworks = frameworks;
        this.runner = runner;
        this.timer = timer;
        this.workDir = workDir;
        this.retryInterval = retryInterval;
        this.retryMax = retryMax;
        this.defaultGracePeriod = defaultGracePeriod;
        this.resourcesFreed = resourcesFreed;
        this.listener = (key, report) -> {
            synchronized (lock) {
                onReport(key, report);
            }
        };
    }

    /** Records the task as STAGING, takes its resources and hands it to the runner. */
    void launch(Framework framework, Agent agent, TaskInfo task, ResourceSet resources) {
        TaskKey key = new TaskKey(framework.id, task.getTaskId().getValue());
        TaskStatus staging = status(key, agent, TaskState.TASK_STAGING, TaskStatus.Source.SOURCE_MASTER).build();
        TaskRecord record = new TaskRecord(key, task, agent, resources, staging);
        record.retryDelay = retryInterval;
        framework.tasks.put(key.taskId(), record);
        agent.use(resources);
        Path sandbox = workDir.resolve("agents").resolve(agent.id()).resolve("sandboxes").resolve(key.taskId());
        runner.launch(new TaskLaunch(key, agent.id(), task, sandbox), listener);
    }

    private void onReport(TaskKey key, AgentReport report) {
        Framework framework = frameworks.get(key.frameworkId());
        TaskRecord task = framework == null ? null : framework.tasks.get(key.taskId());
        if (task != null && task.partitioned()) {
            task.heldWhilePartitioned.add(report); // the agent keeps it until it is back
            return;
        }
        if (task == null || task.terminal() || task.state() == TaskState.TASK_UNREACHABLE) {
            return; // late news of a task the master has given up on
        }
        TaskStatus.Builder status = status(key, task.agent, report.state(), report.source())
                .setUuid(uuid());
        if (report.reason() != null) {
            status.setReason(report.reason());
        }
        if (report.message() != null) {
            status.setMessage(report.message());
        }
        if (report.healthy() != null) {
            status.setHealthy(report.healthy());
        } else if (task.latest.hasHealthy() && !TaskRecord.isTerminal(report.state())) {
            status.setHealthy(task.latest.getHealthy());
        }
        task.latest = status.build();
        if (task.terminal()) {
            task.agent.release(task.resources);
            resourcesFreed.accept(task.agent);
        }
        task.unacknowledged.add(task.latest);
        if (task.unacknowledged.size() == 1) {
            counters.firstSends.increment();
            deliver(framework, task);
        }
    }

    private void deliver(Framework framework, TaskRecord task) {
        TaskStatus head = task.unacknowledged.peek();
        framework.send(update(head));
        task.cancelRetry();
        if (timer.isShutdown()) {
            return; // the cluster is stopping: no more resends
        }
        task.retry = timer.schedule(() -> resend(task.key, head.getUuid()), task.retryDelay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void resend(TaskKey key, ByteString uuid) {
        synchronized (lock) {
            Framework framework = frameworks.get(key.frameworkId());
            TaskRecord task = framework == null ? null : framework.tasks.get(key.taskId());
            if (task == null || task.unacknowledged.isEmpty() || !task.unacknowledged.peek().getUuid().equals(uuid)) {
                return;
            }
            Duration doubled = task.retryDelay.multipliedBy(2);
            task.retryDelay = doubled.compareTo(retryMax) > 0 ? retryMax : doubled;
            counters.resends.increment();
            deliver(framework, task);
        }
    }

    /** Resends every task's oldest unacknowledged update at once (after a re-subscription). */
    int resendAll(Framework framework) {
        int resent = 0;
        for (TaskRecord task : framework.tasks.values()) {
            if (!task.unacknowledged.isEmpty()) {
                task.retryDelay = retryInterval;
                deliver(framework, task);
                resent++;
            }
        }
        counters.resends.add(resent);
        return resent;
    }

    void acknowledge(Framework framework, Call.Acknowledge ack) {
        TaskRecord task = framework.tasks.get(ack.getTaskId().getValue());
        if (task == null || task.unacknowledged.isEmpty() || !task.unacknowledged.peek().getUuid().equals(ack.getUuid())) {
            counters.staleAcknowledgements.increment();
            return; // duplicate or stale acknowledgement: harmless
        }
        counters.acknowledged.increment();
        task.unacknowledged.poll();
        task.cancelRetry();
        task.retryDelay = retryInterval;
        if (!task.unacknowledged.isEmpty()) {
            counters.firstSends.increment();
            deliver(framework, task);
        } else if (task.terminal()) {
            framework.tasks.remove(task.key.taskId());
            remember(task);
        }
    }

    void kill(Framework framework, Call.Kill kill) {
        TaskRecord task = framework.tasks.get(kill.getTaskId().getValue());
        if (task == null) {
            // Mesos answers a kill of an unknown task as a reconciliation would
            framework.send(update(unknown(framework, kill.getTaskId(), kill.hasAgentId() ? kill.getAgentId() : null)));
            return;
        }
        if (task.terminal() || task.state() == TaskState.TASK_UNREACHABLE) {
            return;
        }
        Duration grace = defaultGracePeriod;
        KillPolicy policy = kill.hasKillPolicy() ? kill.getKillPolicy() : task.info.getKillPolicy();
        if (policy.hasGracePeriod()) {
            grace = Duration.ofNanos(Math.max(0, policy.getGracePeriod().getNanoseconds()));
        }
        if (framework.has(FrameworkInfo.Capability.Type.TASK_KILLING_STATE) && task.state() != TaskState.TASK_KILLING) {
            onReport(task.key, AgentReport.of(TaskState.TASK_KILLING, "Killing the task"));
        }
        runner.kill(task.key, grace);
    }

    /** Explicit (listed tasks) or implicit (empty list: all known tasks) reconciliation. */
    void reconcile(Framework framework, Call.Reconcile reconcile) {
        if (reconcile.getTasksCount() == 0) {
            framework.tasks.values().forEach(task -> framework.send(update(reconciled(task))));
            return;
        }
        for (Call.Reconcile.Task wanted : reconcile.getTasksList()) {
            TaskRecord task = framework.tasks.get(wanted.getTaskId().getValue());
            framework.send(update(task != null ? reconciled(task)
                    : unknown(framework, wanted.getTaskId(), wanted.hasAgentId() ? wanted.getAgentId() : null)));
        }
    }

    /**
     * The agent is cut off (a partition): its tasks are reported UNREACHABLE (partition-aware
     * frameworks) or LOST by the master. As in Mesos, a partition-aware framework's tasks keep running
     * on the agent, which holds their status updates until it returns; other frameworks' tasks are killed.
     */
    void agentLost(Agent agent) {
        for (Framework framework : frameworks.values()) {
            for (Iterator<TaskRecord> it = framework.tasks.values().iterator(); it.hasNext(); ) {
                TaskRecord task = it.next();
                if (task.agent != agent || task.terminal() || task.state() == TaskState.TASK_UNREACHABLE) {
                    continue;
                }
                boolean partitionAware = framework.partitionAware();
                task.cancelRetry();
                if (partitionAware) {
                    task.beforePartition = task.latest;
                } else {
                    runner.destroy(task.key);
                    task.unacknowledged.clear();
                }
                TaskStatus.Builder status = status(task.key, agent,
                        partitionAware ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST, TaskStatus.Source.SOURCE_MASTER)
                        .setReason(TaskStatus.Reason.REASON_AGENT_REMOVED)
                        .setMessage("Agent " + agent.id() + " is unreachable");
                if (partitionAware) {
                    status.setUnreachableTime(TimeInfo.newBuilder().setNanoseconds(System.currentTimeMillis() * 1_000_000));
                }
                task.latest = status.build();
                framework.send(update(task.latest));
                if (!partitionAware) {
                    it.remove();
                    remember(task);
                }
            }
        }
    }

    /**
     * The agent is back (it re-registers): the master learns the state of the tasks it kept running
     * (no update is sent for that: a partition-aware framework finds them by reconciliation, and
     * decides, e.g. kills the ones it has replaced), then the updates the agent held are delivered.
     */
    void agentBack(Agent agent) {
        for (Framework framework : frameworks.values()) {
            for (TaskRecord task : List.copyOf(framework.tasks.values())) {
                if (task.agent != agent || !task.partitioned()) {
                    continue;
                }
                task.latest = task.beforePartition;
                task.beforePartition = null;
                agent.use(task.resources);
                if (!task.unacknowledged.isEmpty()) {
                    task.retryDelay = retryInterval;
                    deliver(framework, task);
                }
                List<AgentReport> held = List.copyOf(task.heldWhilePartitioned);
                task.heldWhilePartitioned.clear();
                held.forEach(report -> onReport(task.key, report));
            }
            framework.tasks.values().removeIf(task -> task.agent == agent && task.state() == TaskState.TASK_UNREACHABLE);
        }
    }

    /** The framework is gone: kill its tasks, free their resources, forget them. */
    void removeAll(Framework framework) {
        for (TaskRecord task : framework.tasks.values()) {
            task.cancelRetry();
            if (task.partitioned()) {
                runner.destroy(task.key); // its resources are not counted while the agent is away
            } else if (!task.terminal() && task.state() != TaskState.TASK_UNREACHABLE) {
                runner.kill(task.key, defaultGracePeriod);
                task.agent.release(task.resources);
                resourcesFreed.accept(task.agent);
            }
            remember(task);
        }
        framework.tasks.clear();
    }

    List<TaskRecord> completed() {
        return List.copyOf(completed);
    }

    private void remember(TaskRecord task) {
        completed.add(task);
        if (completed.size() > COMPLETED_KEPT) {
            completed.removeFirst();
        }
    }

    private static TaskStatus reconciled(TaskRecord task) {
        return task.latest.toBuilder().clearUuid().setSource(TaskStatus.Source.SOURCE_MASTER)
                .setReason(TaskStatus.Reason.REASON_RECONCILIATION).setMessage("Reconciliation: Latest task state")
                .setTimestamp(now()).build();
    }

    private static TaskStatus unknown(Framework framework, TaskID taskId, AgentID agentId) {
        TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(taskId)
                .setState(framework.partitionAware() ? TaskState.TASK_UNKNOWN : TaskState.TASK_LOST)
                .setSource(TaskStatus.Source.SOURCE_MASTER).setReason(TaskStatus.Reason.REASON_RECONCILIATION)
                .setMessage("Reconciliation: Task is unknown").setTimestamp(now());
        if (agentId != null) {
            status.setAgentId(agentId);
        }
        return status.build();
    }

    private static TaskStatus.Builder status(TaskKey key, Agent agent, TaskState state, TaskStatus.Source source) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(key.taskId())).setState(state)
                .setSource(source).setAgentId(AgentID.newBuilder().setValue(agent.id()))
                .setExecutorId(ExecutorID.newBuilder().setValue(key.taskId())).setTimestamp(now());
    }

    static Event update(TaskStatus status) {
        return Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(status))
                .build();
    }

    private static ByteString uuid() {
        UUID uuid = UUID.randomUUID();
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
