package io.borealis.cluster;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A local cluster started in-process by {@link LocalClusterLauncher}; close it to stop it and its tasks. */
public interface RunningCluster extends AutoCloseable {

    /** Base URI of the master, e.g. {@code http://127.0.0.1:PORT}; the scheduler API is at /api/v1/scheduler. */
    URI masterUri();

    /** Ids of the agents, in order (agent-1 first). */
    List<String> agentIds();

    /** The latest state of a task the master knows, e.g. "TASK_RUNNING". */
    Optional<String> taskState(String taskId);

    /** Ids of the tasks the master knows in this state, e.g. "TASK_RUNNING". */
    List<String> tasksInState(String state);

    /** Process id of a task while it has a process. */
    OptionalLong pid(String taskId);

    /**
     * The agent is cut off (a partition): its tasks are reported unreachable (partition-aware
     * frameworks; they keep running) or lost (others; they are killed).
     */
    void stopAgent(String agentId);

    /** The agent comes back with the tasks it kept running (the framework finds them by reconciliation). */
    void startAgent(String agentId);

    /** Stops the cluster and kills every task process. */
    @Override
    void close();
}
