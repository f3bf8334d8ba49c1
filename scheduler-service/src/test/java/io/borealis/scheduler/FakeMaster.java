package io.borealis.scheduler;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A scripted Mesos master for protocol tests: speaks the v1 scheduler API (protobuf, RecordIO),
 * offers two agents every 200 ms, runs launched tasks "instantly" (RUNNING) and kills them on KILL,
 * answers reconciliation from what it knows, and records every call it receives.
 */
final class FakeMaster implements AutoCloseable {

    private final HttpServer server;
    private final ScheduledExecutorService offers = Executors.newSingleThreadScheduledExecutor();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Protos.TaskState> tasks = new ConcurrentHashMap<>();
    private final Map<String, String> agentOf = new ConcurrentHashMap<>();
    private final AtomicInteger offerIds = new AtomicInteger();
    private volatile OutputStream stream;
    private volatile boolean silent;
    private volatile boolean offersPaused;
    private volatile double heartbeatSeconds = 15;
    private volatile CountDownLatch closed = new CountDownLatch(1);
    private final int agents;
    private final double agentCpus;
    private final double agentMem;
    private final boolean accounting;
    /** With accounting: what each live task takes ({cpus, mem, disk}), so offers show only what is free. */
    private final Map<String, double[]> taken = new ConcurrentHashMap<>();
    /** With accounting: the agent's offer not yet answered (its resources are not offered twice, as in Mesos). */
    private final Map<String, String> outstanding = new ConcurrentHashMap<>();

    FakeMaster() throws IOException {
        this(2, 4, 4096, false);
    }

    /**
     * {@code agents} agents of {@code cpus} and {@code memMb} each; with {@code accounting} an offer shows
     * only what live tasks leave free, and an agent with nothing free is not offered (as Mesos does).
     */
    FakeMaster(int agents, double cpus, double memMb, boolean accounting) throws IOException {
        this.agents = agents;
        this.agentCpus = cpus;
        this.agentMem = memMb;
        this.accounting = accounting;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/v1/scheduler", this::handle);
        server.start();
        offers.scheduleWithFixedDelay(this::offer, 200, 200, TimeUnit.MILLISECONDS);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(Call.Type type) {
        return calls.stream().filter(c -> c.getType() == type).toList();
    }

    Map<String, Protos.TaskState> tasks() {
        return Map.copyOf(tasks);
    }

    /** The task's process "dies". */
    void fail(String taskId) {
        update(taskId, Protos.TaskState.TASK_FAILED, true);
    }

    /** An update the scheduler never launched (e.g. from an older framework instance). */
    void strayUpdate(String taskId) {
        tasks.put(taskId, Protos.TaskState.TASK_RUNNING);
        agentOf.put(taskId, "agent-1");
        send(Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder()
                .setStatus(status(taskId, Protos.TaskState.TASK_RUNNING, true))).build());
    }

    /**
     * From now on, subscriptions announce a 0.2 s heartbeat and then say nothing at all: the
     * scheduler must declare them dead and subscribe again.
     */
    void goSilent() {
        heartbeatSeconds = 0.2;
        silent = true;
    }

    /** No more periodic offers (from now on only {@link #offerNow()} offers). */
    void pauseOffers() {
        offersPaused = true;
    }

    /** Sends one OFFERS event now (one offer per agent, as the periodic ones); returns the offer ids. */
    List<String> offerNow() {
        return sendOffers();
    }

    /** RESCIND of an offer, as Mesos sends when the agent goes away. */
    void rescind(String offerId) {
        send(Event.newBuilder().setType(Event.Type.RESCIND).setRescind(Event.Rescind.newBuilder()
                .setOfferId(Protos.OfferID.newBuilder().setValue(offerId))).build());
    }

    /** Ends the current subscription, as a failing-over master would. */
    void dropSubscription() {
        closed.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Call call = Call.parseFrom(exchange.getRequestBody().readAllBytes());
        calls.add(call);
        if (call.getType() == Call.Type.SUBSCRIBE) {
            subscribe(exchange, call);
            return;
        }
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
        switch (call.getType()) {
            case ACCEPT -> call.getAccept().getOperationsList().forEach(op -> op.getLaunch().getTaskInfosList().forEach(task -> {
                agentOf.put(task.getTaskId().getValue(), task.getAgentId().getValue());
                taken.put(task.getTaskId().getValue(), new double[] {amount(task.getResourcesList(), "cpus"),
                        amount(task.getResourcesList(), "mem"), amount(task.getResourcesList(), "disk")});
                update(task.getTaskId().getValue(), Protos.TaskState.TASK_STARTING, true);
                update(task.getTaskId().getValue(), Protos.TaskState.TASK_RUNNING, true);
            }));
            case KILL -> update(call.getKill().getTaskId().getValue(), Protos.TaskState.TASK_KILLED, true);
            case RECONCILE -> call.getReconcile().getTasksList().forEach(t -> {
                String id = t.getTaskId().getValue();
                update(id, tasks.getOrDefault(id, Protos.TaskState.TASK_UNKNOWN), false);
            });
            default -> { }
        }
        // answered offers (after their launches are counted): the agent may be offered again
        if (call.getType() == Call.Type.ACCEPT) {
            call.getAccept().getOfferIdsList().forEach(id -> outstanding.values().remove(id.getValue()));
        }
        if (call.getType() == Call.Type.DECLINE) {
            call.getDecline().getOfferIdsList().forEach(id -> outstanding.values().remove(id.getValue()));
        }
    }

    private void subscribe(HttpExchange exchange, Call call) throws IOException {
        String frameworkId = call.hasFrameworkId() ? call.getFrameworkId().getValue() : "fw-" + UUID.randomUUID();
        exchange.getResponseHeaders().add("Mesos-Stream-Id", UUID.randomUUID().toString());
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, 0);
        CountDownLatch latch = new CountDownLatch(1);
        closed = latch;
        stream = exchange.getResponseBody();
        send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setHeartbeatIntervalSeconds(heartbeatSeconds)).build());
        send(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stream = null;
        exchange.close();
    }

    private void offer() {
        if (!offersPaused) {
            sendOffers();
        }
    }

    private List<String> sendOffers() {
        if (stream == null || silent) {
            return List.of();
        }
        Event.Offers.Builder batch = Event.Offers.newBuilder();
        for (int agent = 1; agent <= agents; agent++) {
            double[] used = used("agent-" + agent);
            double cpus = agentCpus - used[0];
            double mem = agentMem - used[1];
            if (accounting && (cpus < 0.01 || mem < 1 || outstanding.containsKey("agent-" + agent))) {
                continue;
            }
            String offerId = "offer-" + offerIds.incrementAndGet();
            if (accounting) {
                outstanding.put("agent-" + agent, offerId);
            }
            batch.addOffers(Protos.Offer.newBuilder()
                    .setId(Protos.OfferID.newBuilder().setValue(offerId))
                    .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
                    .setAgentId(Protos.AgentID.newBuilder().setValue("agent-" + agent))
                    .setHostname("host" + agent)
                    .addResources(scalar("cpus", cpus)).addResources(scalar("mem", mem)).addResources(scalar("disk", 4096 - used[2]))
                    .addResources(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                            .setRanges(Protos.Value.Ranges.newBuilder().addRange(Protos.Value.Range.newBuilder()
                                    .setBegin(31000L + agent * 100).setEnd(31099L + agent * 100)))));
        }
        if (batch.getOffersCount() > 0) {
            send(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(batch).build());
        }
        return batch.getOffersList().stream().map(o -> o.getId().getValue()).toList();
    }

    private double[] used(String agentId) {
        double[] used = new double[3];
        if (accounting) {
            taken.forEach((taskId, amounts) -> {
                if (agentId.equals(agentOf.get(taskId))) {
                    for (int i = 0; i < 3; i++) {
                        used[i] += amounts[i];
                    }
                }
            });
        }
        return used;
    }

    private static double amount(List<Protos.Resource> resources, String name) {
        return resources.stream().filter(r -> r.getName().equals(name)).mapToDouble(r -> r.getScalar().getValue()).sum();
    }

    private void update(String taskId, Protos.TaskState state, boolean withUuid) {
        if (withUuid || tasks.containsKey(taskId)) {
            tasks.put(taskId, state);
        }
        if (state == Protos.TaskState.TASK_KILLED || state == Protos.TaskState.TASK_FAILED
                || state == Protos.TaskState.TASK_FINISHED || state == Protos.TaskState.TASK_LOST) {
            taken.remove(taskId);
        }
        send(Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder()
                .setStatus(status(taskId, state, withUuid))).build());
    }

    private Protos.TaskStatus status(String taskId, Protos.TaskState state, boolean withUuid) {
        Protos.TaskStatus.Builder status = Protos.TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentOf.getOrDefault(taskId, "agent-1")))
                .setState(state)
                .setSource(Protos.TaskStatus.Source.SOURCE_EXECUTOR);
        if (withUuid) {
            status.setUuid(ByteString.copyFromUtf8(UUID.randomUUID().toString().substring(0, 16)));
        } else {
            status.setReason(Protos.TaskStatus.Reason.REASON_RECONCILIATION);
        }
        return status.build();
    }

    private synchronized void send(Event event) {
        OutputStream out = stream;
        if (out == null) {
            return;
        }
        byte[] bytes = event.toByteArray();
        try {
            out.write((bytes.length + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            stream = null;
        }
    }

    private static Protos.Resource scalar(String name, double value) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
    }

    @Override
    public void close() {
        offers.shutdownNow();
        closed.countDown();
        server.stop(0);
    }
}
