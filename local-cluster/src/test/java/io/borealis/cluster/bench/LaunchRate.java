package io.borealis.cluster.bench;

import io.borealis.cluster.LocalClusterLauncher;
import io.borealis.cluster.RunningCluster;
import io.borealis.cluster.protocol.RecordIoReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * Launch-rate benchmark (not a test): starts the local cluster in this JVM, subscribes a minimal
 * Mesos scheduler over real HTTP, launches N {@code sleep 60} tasks as fast as offers allow
 * (every offer is packed full), acknowledges every update, and measures launches/s from the
 * first ACCEPT until every task has been reported TASK_RUNNING. Then it kills every task (one
 * KILL call each, or one TEARDOWN) and checks that no task and no process is left.
 *
 * <p>With KILL each, the launch and kill are repeated for a number of rounds (REVIVE between
 * them, new task ids each time); every round is printed, the earlier ones are the warm-up of a
 * cluster that has just started (JIT compilation), the last is the steady rate.
 *
 * <pre>
 * args: [real|simulated] [tasks] [agents] [each|teardown] [launch-threads] [rounds]
 * </pre>
 * Run it with bench/local-cluster/launch-rate.sh.
 */
public final class LaunchRate {

    private static final double TASK_CPUS = 0.01;
    private static final double TASK_MEM = 8;
    private static final Duration LIMIT = Duration.ofMinutes(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Calls are synchronous on a few threads: bounded connections, like a real scheduler's client. */
    private final ExecutorService calls = Executors.newFixedThreadPool(8);
    private final int tasks;
    private final URI endpoint;
    private final AtomicInteger failedCalls = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();
    /** The round being launched; replaced as a whole between rounds. */
    private volatile Round round = new Round(0);
    private volatile String frameworkId;
    private volatile String streamId;

    /** One launch-and-kill round: its task ids carry the round's number. */
    private static final class Round {
        final int number;
        final AtomicInteger nextTask = new AtomicInteger();
        final Set<String> running = ConcurrentHashMap.newKeySet();
        final Set<String> ended = ConcurrentHashMap.newKeySet();
        final AtomicLong firstAccept = new AtomicLong();
        final AtomicLong allRunning = new AtomicLong();
        final CountDownLatch runningLatch = new CountDownLatch(1);
        final CountDownLatch endedLatch = new CountDownLatch(1);

        Round(int number) {
            this.number = number;
        }

        String taskId(int i) {
            return "bench-" + number + "-" + i;
        }

        boolean owns(String taskId) {
            return taskId.startsWith("bench-" + number + "-");
        }
    }

    private LaunchRate(URI master, int tasks) {
        this.endpoint = master.resolve("/api/v1/scheduler");
        this.tasks = tasks;
    }

    public static void main(String[] args) throws Exception {
        boolean simulated = args.length > 0 && args[0].equals("simulated");
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int agents = args.length > 2 ? Integer.parseInt(args[2]) : simulated ? 1000 : 4;
        boolean teardown = args.length > 3 ? args[3].equals("teardown") : simulated;
        int launchThreads = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int rounds = teardown ? 1 : args.length > 5 ? Integer.parseInt(args[5]) : simulated ? 1 : 3;
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("borealis.cluster.agents", agents);
        settings.put("borealis.cluster.simulated", simulated);
        settings.put("borealis.cluster.launch-threads", launchThreads);
        settings.put("borealis.cluster.kill-grace-period", "2s");
        settings.put("logging.level.root", "WARN");
        System.out.printf("mode=%s tasks=%d agents=%d kill=%s launch-threads=%d rounds=%d launch-mechanism=%s cores=%d max-heap=%dMiB%n",
                simulated ? "simulated" : "real", tasks, agents, teardown ? "teardown" : "each", launchThreads, rounds,
                System.getProperty("jdk.lang.Process.launchMechanism", "default"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        long bootStart = System.nanoTime();
        try (RunningCluster cluster = LocalClusterLauncher.start(settings)) {
            System.out.printf("cluster started in %.1f s%n", seconds(System.nanoTime() - bootStart));
            new LaunchRate(cluster.masterUri(), tasks).run(cluster, teardown, rounds);
        }
        long left = ProcessHandle.current().descendants().count();
        System.out.printf("after close: %d descendant processes%n", left);
        System.exit(0);
    }

    private void run(RunningCluster cluster, boolean teardown, int rounds) throws Exception {
        Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
                .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("bench").setName("launch-rate")
                        .setFailoverTimeout(0).addCapabilities(FrameworkInfo.Capability.newBuilder()
                                .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE)))).build();
        HttpResponse<InputStream> response = http.send(request(subscribe).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        streamId = response.headers().firstValue("Mesos-Stream-Id").orElseThrow();
        Thread reader = new Thread(() -> read(response.body()), "bench-reader");
        reader.setDaemon(true);
        reader.start();
        for (int number = 1; number <= rounds; number++) {
            if (number > 1) {
                round = new Round(number);
                call(Call.newBuilder().setType(Call.Type.REVIVE)); // offers were declined for an hour
            }
            System.out.printf("round %d of %d%s%n", number, rounds, number < rounds ? " (warm-up)" : "");
            launchAndKill(cluster, teardown, round);
        }
        System.out.printf("  unexpected updates %d%n", unexpected.get());
        calls.shutdownNow();
    }

    private void launchAndKill(RunningCluster cluster, boolean teardown, Round round) throws Exception {
        long cpuBefore = cpuNanos();
        if (!round.runningLatch.await(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + round.running.size() + " of " + tasks + " running after " + LIMIT);
        }
        double launchSeconds = seconds(round.allRunning.get() - round.firstAccept.get());
        double cpuMsPerTask = (cpuNanos() - cpuBefore) / 1e6 / tasks;
        System.gc();
        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        long processes = ProcessHandle.current().descendants().count();
        System.out.printf("LAUNCH %d tasks RUNNING in %.2f s from the first ACCEPT: %.0f launches/s%n", tasks,
                launchSeconds, tasks / launchSeconds);
        System.out.printf("  this JVM's CPU %.2f ms per task (cluster and client); load average %.1f%n", cpuMsPerTask,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("  heap after GC %d MiB; descendant processes %d; failed calls %d%n", heap >> 20, processes,
                failedCalls.get());

        long killStart = System.nanoTime();
        if (teardown) {
            call(Call.newBuilder().setType(Call.Type.TEARDOWN));
            waitUntil(() -> cluster.tasksInState("TASK_RUNNING").isEmpty());
        } else {
            for (int i = 0; i < tasks; i++) {
                String id = round.taskId(i);
                calls.execute(() -> call(Call.newBuilder().setType(Call.Type.KILL)
                        .setKill(Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(id)))));
            }
            if (!round.endedLatch.await(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + round.ended.size() + " of " + tasks + " killed");
            }
        }
        double killSeconds = seconds(System.nanoTime() - killStart);
        waitUntil(() -> ProcessHandle.current().descendants().count() == 0);
        System.out.printf("KILL %d tasks in %.2f s (%.0f/s, %s); processes left %d, tasks left %d%n", tasks,
                killSeconds, tasks / killSeconds, teardown ? "TEARDOWN" : "KILL each, until TASK_KILLED",
                ProcessHandle.current().descendants().count(), cluster.tasksInState("TASK_RUNNING").size());
    }

    private void read(InputStream body) {
        RecordIoReader records = new RecordIoReader(body);
        try {
            for (byte[] record = records.next(); record != null; record = records.next()) {
                handle(Event.parseFrom(record));
            }
        } catch (IOException e) {
            // stream closed
        }
    }

    private void handle(Event event) {
        switch (event.getType()) {
            case SUBSCRIBED -> frameworkId = event.getSubscribed().getFrameworkId().getValue();
            case OFFERS -> event.getOffers().getOffersList().forEach(this::use);
            case UPDATE -> update(event.getUpdate().getStatus());
            default -> {
            }
        }
    }

    /** Packs the offer with as many tasks as fit; declines it for long when all are launched. */
    private void use(Offer offer) {
        Round round = this.round;
        double cpus = scalar(offer, "cpus");
        double mem = scalar(offer, "mem");
        int fit = (int) Math.min(Math.floor(cpus / TASK_CPUS + 1e-9), Math.floor(mem / TASK_MEM + 1e-9));
        Offer.Operation.Launch.Builder launch = Offer.Operation.Launch.newBuilder();
        while (launch.getTaskInfosCount() < fit) {
            int i = round.nextTask.getAndIncrement();
            if (i >= tasks) {
                break;
            }
            launch.addTaskInfos(task(round.taskId(i), offer.getAgentId()));
        }
        Call.Builder call = Call.newBuilder();
        if (launch.getTaskInfosCount() == 0) {
            call.setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder().addOfferIds(offer.getId())
                    .setFilters(Filters.newBuilder().setRefuseSeconds(3600)));
        } else {
            round.firstAccept.compareAndSet(0, System.nanoTime());
            call.setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder().addOfferIds(offer.getId())
                    .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH).setLaunch(launch))
                    .setFilters(Filters.newBuilder().setRefuseSeconds(0)));
        }
        submit(() -> call(call));
    }

    private void update(TaskStatus status) {
        Round round = this.round;
        String id = status.getTaskId().getValue();
        if (!round.owns(id)) {
            // a late update of an earlier round (a resend): acknowledged below, not counted
        } else if (status.getState() == TaskState.TASK_RUNNING && round.running.add(id) && round.running.size() == tasks) {
            round.allRunning.set(System.nanoTime());
            round.runningLatch.countDown();
        } else if (status.getState() == TaskState.TASK_KILLED && round.ended.add(id) && round.ended.size() == tasks) {
            round.endedLatch.countDown();
        } else if (status.getState() != TaskState.TASK_STARTING && status.getState() != TaskState.TASK_RUNNING
                && status.getState() != TaskState.TASK_KILLED) {
            unexpected.incrementAndGet();
            System.out.println("unexpected " + status.getState() + " " + id + ": " + status.getMessage());
        }
        if (status.hasUuid()) {
            submit(() -> call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(
                    Call.Acknowledge.newBuilder().setAgentId(status.getAgentId()).setTaskId(status.getTaskId())
                            .setUuid(status.getUuid()))));
        }
    }

    /** Sends on a call thread; after the run, late events (heartbeats, resends) are ignored. */
    private void submit(Runnable call) {
        if (!calls.isShutdown()) {
            calls.execute(call);
        }
    }

    private void call(Call.Builder call) {
        call.setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId));
        try {
            int code = http.send(request(call.build()).header("Mesos-Stream-Id", streamId).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (code != 202) {
                failedCalls.incrementAndGet();
            }
        } catch (IOException e) {
            failedCalls.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest.Builder request(Call call) {
        return HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-protobuf")
                .header("Accept", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
    }

    private static TaskInfo task(String id, AgentID agent) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(agent)
                .addResources(resource("cpus", TASK_CPUS)).addResources(resource("mem", TASK_MEM))
                .setCommand(CommandInfo.newBuilder().setValue("sleep 60")).build();
    }

    private static Resource resource(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    private static double scalar(Offer offer, String name) {
        return offer.getResourcesList().stream().filter(r -> r.getName().equals(name))
                .mapToDouble(r -> r.getScalar().getValue()).sum();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not met within " + LIMIT);
            }
            Thread.sleep(50); // a benchmark polling its own end, not a test synchronising
        }
    }
}
