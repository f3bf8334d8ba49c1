package io.borealis.cluster.agent;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * Starts no processes: a task is STARTING then RUNNING (and healthy, if it has a health check)
 * at once, and stays until killed. For scale tests with thousands of agents.
 */
public final class SimulatedTaskRunner implements TaskRunner {

    private final Map<TaskKey, TaskListener> running = new ConcurrentHashMap<>();
    private final ExecutorService reports = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "simulated-agent");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public void launch(TaskLaunch launch, TaskListener listener) {
        running.put(launch.key(), listener);
        Boolean healthy = launch.task().hasHealthCheck() ? Boolean.TRUE : null;
        reports.execute(() -> {
            if (running.containsKey(launch.key())) {
                listener.report(launch.key(), AgentReport.of(TaskState.TASK_STARTING, "Simulated task starting"));
                listener.report(launch.key(), AgentReport.of(TaskState.TASK_RUNNING, "Simulated task running")
                        .withHealthy(healthy));
            }
        });
    }

    @Override
    public void kill(TaskKey key, Duration gracePeriod) {
        reports.execute(() -> {
            TaskListener listener = running.remove(key);
            if (listener != null) {
                listener.report(key, AgentReport.of(TaskState.TASK_KILLED, "Simulated task killed"));
            }
        });
    }

    @Override
    public void destroy(TaskKey key) {
        running.remove(key);
    }

    @Override
    public OptionalLong pid(TaskKey key) {
        return OptionalLong.empty();
    }

    @Override
    public void shutdown() {
        running.clear();
        reports.shutdownNow();
    }
}
