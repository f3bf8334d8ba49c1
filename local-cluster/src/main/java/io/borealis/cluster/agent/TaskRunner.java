package io.borealis.cluster.agent;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Runs tasks for the agents. Calls return at once; the work and every report happen on the
 * runner's own threads, so the master never waits for a process.
 */
public interface TaskRunner {

    /** Starts the task and reports STARTING, RUNNING, then a terminal state. */
    void launch(TaskLaunch launch, TaskListener listener);

    /** SIGTERM, then SIGKILL after the grace period; reports TASK_KILLED. Unknown tasks: no-op. */
    void kill(TaskKey key, Duration gracePeriod);

    /** Kills the task at once and reports nothing more (its agent or framework is gone). */
    void destroy(TaskKey key);

    /** The process id of a running task, if it has a process. */
    OptionalLong pid(TaskKey key);

    /** Kills everything left, waiting briefly; called when the cluster stops. */
    void shutdown();
}
