package io.borealis.cluster.master;

import io.borealis.cluster.agent.Agent;
import io.borealis.cluster.agent.ResourceSet;
import io.borealis.cluster.agent.TaskKey;
import java.time.Duration;
import io.borealis.cluster.agent.AgentReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * A task the master knows: where it runs, its latest status, and its status updates not yet
 * acknowledged (oldest first; only the oldest is ever in flight, as on a Mesos agent).
 * Guarded by the master's lock.
 */
final class TaskRecord {

    final TaskKey key;
    final TaskInfo info;
    final Agent agent;
    final ResourceSet resources;
    TaskStatus latest;
    final Deque<TaskStatus> unacknowledged = new ArrayDeque<>();
    Duration retryDelay;
    ScheduledFuture<?> retry;
    /**
     * While its agent is partitioned (a partition-aware framework's task): the status the agent
     * holds, which the master learns back when the agent returns; null otherwise.
     */
    TaskStatus beforePartition;
    /** What the task's runner reported while its agent was partitioned, delivered when it returns. */
    final List<AgentReport> heldWhilePartitioned = new ArrayList<>();

    TaskRecord(TaskKey key, TaskInfo info, Agent agent, ResourceSet resources, TaskStatus staging) {
        this.key = key;
        this.info = info;
        this.agent = agent;
        this.resources = resources;
        this.latest = staging;
    }

    /** Kept through its agent's partition: still running there, unseen by the master. */
    boolean partitioned() {
        return beforePartition != null;
    }

    TaskState state() {
        return latest.getState();
    }

    boolean terminal() {
        return isTerminal(latest.getState());
    }

    static boolean isTerminal(TaskState state) {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }

    void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }
}
