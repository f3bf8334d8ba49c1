package io.borealis.cluster.agent;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * Starts no processes: a task is STARTING then RUNNING (and healthy, if it has a health check)
 * at once, and stays until killed. For scale tests with thousands of agents.
 *
 * <p>A task whose command environment sets {@value #SWITCH} behaves otherwise, so that a failing
 * version can be simulated: {@code fail} goes STARTING then FAILED at once; {@code fail-after=<s>}
 * (seconds, decimals allowed) runs for that long, then FAILED. Any other value is ignored.
 */
public final class SimulatedTaskRunner implements TaskRunner {

    /** The task environment variable that makes a simulated task fail. */
    public static final String SWITCH = "BOREALIS_SIMULATE";

    private final Map<TaskKey, TaskListener> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reports = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "simulated-agent");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public void launch(TaskLaunch launch, TaskListener listener) {
        running.put(launch.key(), listener);
        Boolean healthy = launch.task().hasHealthCheck() ? Boolean.TRUE : null;
        Duration failAfter = failAfter(launch);
        reports.execute(() -> {
            if (!running.containsKey(launch.key())) {
                return;
            }
            listener.report(launch.key(), AgentReport.of(TaskState.TASK_STARTING, "Simulated task starting"));
            if (Duration.ZERO.equals(failAfter)) {
                fail(launch.key());
                return;
            }
            listener.report(launch.key(), AgentReport.of(TaskState.TASK_RUNNING, "Simulated task running")
                    .withHealthy(healthy));
            if (failAfter != null) {
                reports.schedule(() -> fail(launch.key()), failAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void fail(TaskKey key) {
        TaskListener listener = running.remove(key);
        if (listener != null) {
            listener.report(key, AgentReport.of(TaskState.TASK_FAILED, "Simulated failure (" + SWITCH + ")"));
        }
    }

    /** Zero for {@code fail}, the time for {@code fail-after=<s>}, null when the task runs normally. */
    static Duration failAfter(TaskLaunch launch) {
        for (Environment.Variable variable : launch.task().getCommand().getEnvironment().getVariablesList()) {
            if (SWITCH.equals(variable.getName())) {
                return parse(variable.getValue().trim());
            }
        }
        return null;
    }

    static Duration parse(String value) {
        if (value.equals("fail")) {
            return Duration.ZERO;
        }
        if (value.startsWith("fail-after=")) {
            try {
                double seconds = Double.parseDouble(value.substring("fail-after=".length()));
                if (seconds >= 0 && seconds < 86_400) {
                    return Duration.ofMillis(Math.round(seconds * 1000));
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * The operator's switch for benchmarks: these running tasks (all of them when {@code taskIds} is
     * empty, at most {@code limit}) go FAILED now, all reported in one go. Returns the ids failed.
     */
    public List<String> failNow(Collection<String> taskIds, int limit) {
        Set<String> wanted = Set.copyOf(taskIds);
        List<TaskKey> chosen = running.keySet().stream()
                .filter(key -> wanted.isEmpty() || wanted.contains(key.taskId()))
                .limit(Math.max(0, limit)).toList();
        reports.execute(() -> chosen.forEach(this::failByOperator));
        return chosen.stream().map(TaskKey::taskId).toList();
    }

    private void failByOperator(TaskKey key) {
        TaskListener listener = running.remove(key);
        if (listener != null) {
            listener.report(key, AgentReport.of(TaskState.TASK_FAILED, "Simulated failure (operator)"));
        }
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
