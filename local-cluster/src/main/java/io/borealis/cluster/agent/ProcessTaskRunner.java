package io.borealis.cluster.agent;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each task as a real process in its own session and process group ({@code setsid}), in its
 * sandbox, with stdout and stderr in files there. A kill signals the whole group: SIGTERM, then
 * SIGKILL after the grace period. Whatever ends the process, the rest of its group is killed too,
 * so a task leaves nothing behind.
 */
public final class ProcessTaskRunner implements TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(ProcessTaskRunner.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(2);

    private final Map<TaskKey, RunningTask> tasks = new ConcurrentHashMap<>();
    private final ExecutorService launcher;
    private final ScheduledExecutorService timer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Duration defaultGracePeriod;

    public ProcessTaskRunner(int launchThreads, Duration defaultGracePeriod) {
        this.defaultGracePeriod = defaultGracePeriod;
        this.launcher = Executors.newFixedThreadPool(launchThreads, daemon("agent-launcher"));
        this.timer = Executors.newScheduledThreadPool(2, daemon("agent-timer"));
    }

    /** One task's process and what has been asked of it. Guarded by its own monitor. */
    private static final class RunningTask {
        final TaskLaunch launch;
        final TaskListener listener;
        Process process;
        HealthMonitor health;
        boolean killRequested;
        boolean killedByHealthCheck;
        boolean destroyed;

        RunningTask(TaskLaunch launch, TaskListener listener) {
            this.launch = launch;
            this.listener = listener;
        }

        void report(AgentReport report) {
            listener.report(launch.key(), report);
        }
    }

    @Override
    public void launch(TaskLaunch launch, TaskListener listener) {
        RunningTask task = new RunningTask(launch, listener);
        tasks.put(launch.key(), task);
        launcher.execute(() -> start(task));
    }

    private void start(RunningTask task) {
        synchronized (task) {
            if (task.destroyed) {
                return;
            }
            if (task.killRequested) {
                tasks.remove(task.launch.key());
                task.report(AgentReport.of(TaskState.TASK_KILLED, "Task killed before it was started")
                        .withReason(TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH));
                return;
            }
            task.report(AgentReport.of(TaskState.TASK_STARTING, null));
            Map<String, String> environment = environment(task.launch);
            try {
                Files.createDirectories(task.launch.sandbox());
                ProcessBuilder builder = new ProcessBuilder(commandLine(task.launch.task().getCommand()))
                        .directory(task.launch.sandbox().toFile())
                        .redirectOutput(task.launch.sandbox().resolve("stdout").toFile())
                        .redirectError(task.launch.sandbox().resolve("stderr").toFile());
                builder.environment().putAll(environment);
                task.process = builder.start();
            } catch (IOException | RuntimeException e) {
                tasks.remove(task.launch.key());
                task.report(new AgentReport(TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
                        TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, "Failed to launch: " + e.getMessage(), null));
                return;
            }
            task.report(AgentReport.of(TaskState.TASK_RUNNING, null));
            task.process.onExit().thenRun(() -> exited(task));
            if (task.launch.task().hasHealthCheck()) {
                task.health = new HealthMonitor(task.launch.task().getHealthCheck(), task.launch.sandbox(), environment,
                        http, healthOutcome(task));
                task.health.start(timer);
            }
        }
    }

    private HealthMonitor.Outcome healthOutcome(RunningTask task) {
        return new HealthMonitor.Outcome() {
            @Override
            public void healthChanged(boolean healthy) {
                synchronized (task) {
                    if (!task.killRequested && !task.destroyed && task.process.isAlive()) {
                        task.report(AgentReport.of(TaskState.TASK_RUNNING, healthy ? null : "Health check failed")
                                .withReason(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED)
                                .withHealthy(healthy));
                    }
                }
            }

            @Override
            public void unhealthyKill() {
                synchronized (task) {
                    task.killedByHealthCheck = true;
                }
                kill(task.launch.key(), gracePeriod(task.launch, defaultGracePeriod));
            }
        };
    }

    private void exited(RunningTask task) {
        tasks.remove(task.launch.key(), task);
        synchronized (task) {
            if (task.health != null) {
                task.health.stop();
            }
            // children may outlive the shell (kill -9 from outside): the group goes with the task,
            // at once, before its id could be reused
            signalGroup(task.process.pid(), "KILL");
            if (task.destroyed) {
                return;
            }
            int code = task.process.exitValue();
            if (task.killedByHealthCheck) {
                task.report(AgentReport.of(TaskState.TASK_KILLED, "Task killed after failing its health check")
                        .withReason(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED).withHealthy(false));
            } else if (task.killRequested) {
                task.report(AgentReport.of(TaskState.TASK_KILLED, "Command terminated with status " + code));
            } else if (code == 0) {
                task.report(AgentReport.of(TaskState.TASK_FINISHED, "Command exited with status 0"));
            } else {
                task.report(AgentReport.of(TaskState.TASK_FAILED, code > 128
                        ? "Command exited with status " + code + " (signal " + (code - 128) + ")"
                        : "Command exited with status " + code));
            }
        }
    }

    @Override
    public void kill(TaskKey key, Duration gracePeriod) {
        RunningTask task = tasks.get(key);
        if (task == null) {
            return;
        }
        synchronized (task) {
            if (task.killRequested || task.destroyed) {
                return;
            }
            task.killRequested = true;
            if (task.process == null) {
                return; // start() sees the request and reports TASK_KILLED without starting
            }
            long pid = task.process.pid();
            launcher.execute(() -> signalGroup(pid, "TERM"));
            timer.schedule(() -> {
                if (task.process.isAlive()) {
                    signalGroup(pid, "KILL");
                }
            }, gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void destroy(TaskKey key) {
        RunningTask task = tasks.remove(key);
        if (task == null) {
            return;
        }
        synchronized (task) {
            task.destroyed = true;
            if (task.health != null) {
                task.health.stop();
            }
            if (task.process != null) {
                long pid = task.process.pid();
                launcher.execute(() -> signalGroup(pid, "KILL"));
            }
        }
    }

    @Override
    public OptionalLong pid(TaskKey key) {
        RunningTask task = tasks.get(key);
        if (task == null) {
            return OptionalLong.empty();
        }
        synchronized (task) {
            return task.process == null ? OptionalLong.empty() : OptionalLong.of(task.process.pid());
        }
    }

    @Override
    public void shutdown() {
        List<Process> processes = new ArrayList<>();
        for (RunningTask task : tasks.values()) {
            synchronized (task) {
                task.destroyed = true;
                if (task.health != null) {
                    task.health.stop();
                }
                if (task.process != null) {
                    processes.add(task.process);
                    signalGroup(task.process.pid(), "TERM");
                }
            }
        }
        try {
            CompletableFuture.allOf(processes.stream().map(Process::onExit).toArray(CompletableFuture[]::new))
                    .get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            log.info("Tasks still running after {}; sending SIGKILL", SHUTDOWN_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        processes.forEach(p -> signalGroup(p.pid(), "KILL"));
        tasks.clear();
        launcher.shutdownNow();
        timer.shutdownNow();
    }

    /** Mesos semantics: shell=true runs value through /bin/sh -c; otherwise value with arguments as argv. */
    static List<String> commandLine(CommandInfo command) {
        List<String> line = new ArrayList<>();
        line.add("setsid");
        if (!command.hasShell() || command.getShell()) {
            line.add("/bin/sh");
            line.add("-c");
            line.add(command.getValue());
        } else {
            line.add(command.getValue());
            // arguments[0] is argv[0], as in Mesos
            line.addAll(command.getArgumentsList().stream().skip(1).toList());
        }
        return line;
    }

    static Map<String, String> environment(TaskLaunch launch) {
        Map<String, String> environment = new HashMap<>();
        for (Environment.Variable variable : launch.task().getCommand().getEnvironment().getVariablesList()) {
            environment.put(variable.getName(), variable.getValue());
        }
        environment.put("MESOS_SANDBOX", launch.sandbox().toAbsolutePath().toString());
        environment.put("MESOS_TASK_ID", launch.key().taskId());
        environment.put("MESOS_FRAMEWORK_ID", launch.key().frameworkId());
        environment.put("MESOS_AGENT_ID", launch.agentId());
        environment.put("MESOS_EXECUTOR_ID", launch.key().taskId());
        return environment;
    }

    /** The task's own kill policy, else the fallback. */
    static Duration gracePeriod(TaskLaunch launch, Duration fallback) {
        if (launch.task().hasKillPolicy() && launch.task().getKillPolicy().hasGracePeriod()) {
            return Duration.ofNanos(launch.task().getKillPolicy().getGracePeriod().getNanoseconds());
        }
        return fallback;
    }

    private static void signalGroup(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("Could not signal process group {}: {}", pgid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
