package io.borealis.cluster.bench;

import io.borealis.cluster.LocalClusterLauncher;
import io.borealis.cluster.RunningCluster;
import io.borealis.cluster.protocol.RecordIoReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Allocation-cost benchmark (not a test): the master's allocator with many simulated agents while a
 * scheduler that holds every offer (as scheduler-service does) accepts them. Two phases over real
 * HTTP, the cluster in this JVM so that its {@code master-timer} thread's CPU time can be read:
 *
 * <ol>
 *   <li><b>One ACCEPT at a time</b>: accept one held offer with one task and {@code refuse_seconds 0},
 *       wait for the agent's unused resources to come back in a new offer; per round, the latency and
 *       the master-timer CPU spent (≈ one prompt allocation).
 *   <li><b>Burst</b>: accept every held offer at once from 8 client threads, each with
 *       {@code tasks-per-accept} tasks and {@code refuse_seconds 5} (scheduler-service's filter while
 *       tasks wait), acknowledging every update, until every task is RUNNING; then 6 s more, so that
 *       the 5 s filters expire. Wall time, this JVM's CPU and the master-timer's CPU.
 * </ol>
 *
 * <pre>
 * args: [agents] [single-accepts] [tasks-per-accept]     (defaults 10000 200 10)
 * </pre>
 * Run it with bench/local-cluster/allocation-cost.sh.
 */
public final class AllocationCost {

    private static final double TASK_CPUS = 0.1;
    private static final double TASK_MEM = 64;
    private static final double BURST_REFUSE_SECONDS = 5;
    private static final Duration LIMIT = Duration.ofMinutes(10);
    /** The burst is reported as it stands after this long (the old allocator never finished it). */
    private static final Duration BURST_LIMIT = Duration.ofMinutes(5);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService calls = Executors.newFixedThreadPool(8, r -> {
        Thread thread = new Thread(r, "bench-call");
        thread.setDaemon(true); // a failed run must not leave this JVM behind
        return thread;
    });
    private final URI endpoint;
    /** The offer held for each agent (the newest one). */
    private final Map<String, Offer> held = new ConcurrentHashMap<>();
    /** Agents whose next offer a single-accept round waits for. */
    private final Map<String, CompletableFuture<Long>> reoffers = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextTask = new AtomicInteger();
    private final AtomicInteger failedCalls = new AtomicInteger();
    private volatile String firstFailure = "none";
    private volatile CountDownLatch allRunning = new CountDownLatch(0);
    private volatile int expectedRunning;
    private volatile String frameworkId;
    private volatile String streamId;

    private AllocationCost(URI master) {
        this.endpoint = master.resolve("/api/v1/scheduler");
    }

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int singles = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int perAccept = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("borealis.cluster.agents", agents);
        settings.put("borealis.cluster.simulated", true);
        settings.put("logging.level.root", "WARN");
        System.out.printf("agents=%d single-accepts=%d tasks-per-accept=%d cores=%d max-heap=%dMiB load=%.1f%n",
                agents, singles, perAccept, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, load());
        try (RunningCluster cluster = LocalClusterLauncher.start(settings)) {
            AllocationCost bench = new AllocationCost(cluster.masterUri());
            bench.subscribe(agents);
            bench.singleAccepts(singles);
            bench.burst(perAccept);
            bench.call(Call.newBuilder().setType(Call.Type.TEARDOWN));
            bench.calls.shutdownNow();
        }
        System.exit(0);
    }

    private void subscribe(int agents) throws Exception {
        Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
                .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("bench").setName("allocation-cost")
                        .setFailoverTimeout(0))).build();
        HttpResponse<InputStream> response = http.send(request(subscribe).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        streamId = response.headers().firstValue("Mesos-Stream-Id").orElseThrow();
        Thread reader = new Thread(() -> read(response.body()), "bench-reader");
        reader.setDaemon(true);
        reader.start();
        long start = System.nanoTime();
        waitUntil(() -> held.size() == agents);
        System.out.printf("first offers: %d agents held after %.0f ms%n", held.size(), millis(System.nanoTime() - start));
    }

    /** Phase 1: one ACCEPT, then the agent's rest comes back in a prompt allocation. */
    private void singleAccepts(int rounds) throws Exception {
        List<String> agentIds = new ArrayList<>(held.keySet());
        double[] latencyMs = new double[rounds];
        double[] timerCpuMs = new double[rounds];
        long cpuStart = processCpu();
        long timerStart = masterTimerCpu();
        for (int i = 0; i < rounds; i++) {
            String agent = agentIds.get(i % agentIds.size());
            Offer offer = held.remove(agent);
            CompletableFuture<Long> reoffer = new CompletableFuture<>();
            reoffers.put(agent, reoffer);
            long timerBefore = masterTimerCpu();
            long sent = System.nanoTime();
            call(accept(offer, 1, 0));
            long arrived = reoffer.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            latencyMs[i] = millis(arrived - sent);
            timerCpuMs[i] = millis(masterTimerCpu() - timerBefore);
        }
        System.out.printf("SINGLE %d rounds: ACCEPT -> re-offer p50 %.1f ms p90 %.1f ms (20 ms of it is the batching"
                        + " delay); master-timer CPU per round p50 %.2f ms p90 %.2f ms, total %.0f ms; JVM CPU %.0f ms;"
                        + " load %.1f%n", rounds, percentile(latencyMs, 50), percentile(latencyMs, 90),
                percentile(timerCpuMs, 50), percentile(timerCpuMs, 90), millis(masterTimerCpu() - timerStart),
                millis(processCpu() - cpuStart), load());
    }

    /** Phase 2: every held offer accepted at once, every update acknowledged, until all tasks run. */
    private void burst(int perAccept) throws Exception {
        waitUntil(() -> running.size() == nextTask.get());
        List<Offer> offers = new ArrayList<>(held.values());
        held.clear();
        int before = running.size();
        expectedRunning = before + offers.size() * perAccept;
        allRunning = new CountDownLatch(1);
        long cpuStart = processCpu();
        long timerStart = masterTimerCpu();
        long start = System.nanoTime();
        offers.forEach(offer -> calls.execute(() -> call(accept(offer, perAccept, BURST_REFUSE_SECONDS))));
        boolean done = allRunning.await(BURST_LIMIT.toSeconds(), TimeUnit.SECONDS);
        double wall = millis(System.nanoTime() - start);
        double timerMs = millis(masterTimerCpu() - timerStart);
        double cpuMs = millis(processCpu() - cpuStart);
        double loadAtEnd = load();
        int started = running.size() - before;
        if (done) {
            Thread.sleep((long) (BURST_REFUSE_SECONDS * 1000) + 1000); // a benchmark waiting for filters to expire
        }
        System.out.printf("BURST %d ACCEPTs x %d tasks: %s %d RUNNING in %.0f ms (%.0f tasks/s); JVM CPU %.0f ms;"
                        + " master-timer CPU %.0f ms until then, %.0f ms with the %.0f s filters expired;"
                        + " held offers after %d; failed calls %d (first: %s); load %.1f%n", offers.size(), perAccept,
                done ? "all" : "TIMEOUT, only", started, wall, started / wall * 1000, cpuMs, timerMs,
                millis(masterTimerCpu() - timerStart), BURST_REFUSE_SECONDS, held.size(), failedCalls.get(), firstFailure, loadAtEnd);
    }

    private void read(InputStream body) {
        RecordIoReader records = new RecordIoReader(body);
        try {
            for (byte[] record = records.next(); record != null; record = records.next()) {
                Event event = Event.parseFrom(record);
                switch (event.getType()) {
                    case SUBSCRIBED -> frameworkId = event.getSubscribed().getFrameworkId().getValue();
                    case OFFERS -> event.getOffers().getOffersList().forEach(this::hold);
                    case UPDATE -> update(event.getUpdate().getStatus());
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            // stream closed
        }
    }

    private void hold(Offer offer) {
        String agent = offer.getAgentId().getValue();
        held.put(agent, offer);
        CompletableFuture<Long> waiting = reoffers.remove(agent);
        if (waiting != null) {
            waiting.complete(System.nanoTime());
        }
    }

    private void update(TaskStatus status) {
        if (status.getState() == TaskState.TASK_RUNNING && running.add(status.getTaskId().getValue())
                && running.size() == expectedRunning) {
            allRunning.countDown();
        }
        if (status.hasUuid() && !calls.isShutdown()) {
            calls.execute(() -> call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(
                    Call.Acknowledge.newBuilder().setAgentId(status.getAgentId()).setTaskId(status.getTaskId())
                            .setUuid(status.getUuid()))));
        }
    }

    /** An ACCEPT of the offer launching {@code count} tasks, each with one of the offer's ports. */
    private Call.Builder accept(Offer offer, int count, double refuseSeconds) {
        List<Long> ports = ports(offer, count);
        Offer.Operation.Launch.Builder launch = Offer.Operation.Launch.newBuilder();
        for (int i = 0; i < count; i++) {
            String id = "alloc-" + nextTask.getAndIncrement();
            long port = ports.get(i);
            launch.addTaskInfos(TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                    .setAgentId(AgentID.newBuilder().setValue(offer.getAgentId().getValue()))
                    .addResources(scalar("cpus", TASK_CPUS)).addResources(scalar("mem", TASK_MEM))
                    .addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                            .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(port)
                                    .setEnd(port))))
                    .setCommand(CommandInfo.newBuilder().setValue("sleep 3600")));
        }
        return Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId())
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH).setLaunch(launch))
                .setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds)));
    }

    private static List<Long> ports(Offer offer, int count) {
        List<Long> ports = new ArrayList<>();
        for (Resource resource : offer.getResourcesList()) {
            if (resource.getName().equals("ports")) {
                for (Value.Range range : resource.getRanges().getRangeList()) {
                    for (long p = range.getBegin(); p <= range.getEnd() && ports.size() < count; p++) {
                        ports.add(p);
                    }
                }
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("offer " + offer.getId().getValue() + " has too few ports");
        }
        return ports;
    }

    private void call(Call.Builder call) {
        call.setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId));
        try {
            int code = http.send(request(call.build()).header("Mesos-Stream-Id", streamId).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (code != 202) {
                failed(call.getType() + " answered " + code);
            }
        } catch (IOException e) {
            failed(call.getType() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failed(String why) {
        if (failedCalls.incrementAndGet() == 1) {
            firstFailure = why;
        }
    }

    private HttpRequest.Builder request(Call call) {
        return HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-protobuf")
                .header("Accept", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
    }

    private static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    /** CPU time of the master's timer thread (allocation, resends), in ns. */
    private static long masterTimerCpu() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("master-timer")) {
                return THREADS.getThreadCpuTime(thread.getId());
            }
        }
        throw new IllegalStateException("no master-timer thread");
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not met within " + LIMIT);
            }
            Thread.sleep(20); // a benchmark polling its own progress, not a test synchronising
        }
    }
}
