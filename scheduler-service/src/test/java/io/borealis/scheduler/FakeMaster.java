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
import java.util.Random;
import java.util.Set;
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
    private volatile boolean stallAtStarting;
    private volatile boolean offersPaused;
    private volatile double heartbeatSeconds = 15;
    private volatile CountDownLatch closed = new CountDownLatch(1);
    private final int agents;
    private final double agentCpus;
    private final double agentMem;
    private final boolean accounting;
    /** With accounting: what each live task takes ({cpus, mem, disk}), so offers show only what is free. */
    private final Map<String, double[]> taken = new ConcurrentHashMap<>();
    /** Tasks whose explicit reconciliation goes unanswered (a master that lost the question). */
    private final java.util.Set<String> unanswered = ConcurrentHashMap.newKeySet();
    /** With accounting: the agent's offer not yet answered (its resources are not offered twice, as in Mesos). */
    private final Map<String, String> outstanding = new ConcurrentHashMap<>();

    /** A call as received: its {@code Mesos-Stream-Id} header (null if none) and the stream id live at that moment. */
    record Received(Call call, String streamIdHeader, String liveStreamId) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile String liveStreamId;
    private volatile String redirectLocation;
    private final AtomicInteger unavailable = new AtomicInteger();
    private final Map<Call.Type, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private final Set<String> removedFrameworks = ConcurrentHashMap.newKeySet();
    private volatile String currentFrameworkId;

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

    /** From now on launched tasks report STARTING and then nothing (also when asked): a stuck start. */
    void stallLaunchesAtStarting() {
        stallAtStarting = true;
    }

    /** Explicit reconciliation of these tasks goes unanswered until {@link #answerReconciliation}. */
    void leaveReconciliationUnanswered(String... taskIds) {
        unanswered.addAll(List.of(taskIds));
    }

    void answerReconciliation() {
        unanswered.clear();
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
        received.add(new Received(call, exchange.getRequestHeaders().getFirst("Mesos-Stream-Id"), liveStreamId));
        String location = redirectLocation;
        if (location != null || unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            exchange.sendResponseHeaders(location != null ? 307 : 503, -1);
            exchange.close();
            return;
        }
        if (call.getType() == Call.Type.SUBSCRIBE) {
            subscribe(exchange, call);
            return;
        }
        AtomicInteger refused = refusals.get(call.getType());
        if (refused != null && refused.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
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
                if (!stallAtStarting) {
                    update(task.getTaskId().getValue(), Protos.TaskState.TASK_RUNNING, true);
                }
            }));
            case KILL -> update(call.getKill().getTaskId().getValue(), Protos.TaskState.TASK_KILLED, true);
            case RECONCILE -> call.getReconcile().getTasksList().forEach(t -> {
                String id = t.getTaskId().getValue();
                if (!unanswered.contains(id)) {
                    update(id, tasks.getOrDefault(id, Protos.TaskState.TASK_UNKNOWN), false);
                }
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
        String streamId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().add("Mesos-Stream-Id", streamId);
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, 0);
        if (removedFrameworks.contains(frameworkId)) {
            // as Mesos does for an id whose failover timeout passed: the stream carries one ERROR and ends
            OutputStream out = exchange.getResponseBody();
            out.write(record(Event.newBuilder().setType(Event.Type.ERROR)
                    .setError(Event.Error.newBuilder().setMessage("Framework has been removed")).build()));
            exchange.close();
            return;
        }
        CountDownLatch latch = new CountDownLatch(1);
        closed = latch;
        stream = exchange.getResponseBody();
        liveStreamId = streamId;
        currentFrameworkId = frameworkId;
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
        try {
            out.write(record(event));
            out.flush();
        } catch (IOException e) {
            stream = null;
        }
    }

    private static byte[] record(Event event) {
        byte[] bytes = event.toByteArray();
        byte[] header = (bytes.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] record = new byte[header.length + bytes.length];
        System.arraycopy(header, 0, record, 0, header.length);
        System.arraycopy(bytes, 0, record, header.length, bytes.length);
        return record;
    }

    // ---- fault injection (MesosFaultInjectionIT) ----

    /** Every call as received, with the stream id it carried and the one live then. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** The framework id of the current (or last) subscription. */
    String frameworkId() {
        return currentFrameworkId;
    }

    /** An UPDATE of a known task, with the given uuid (null: none, as a reconciliation answer). */
    void update(String taskId, Protos.TaskState state, ByteString uuid) {
        Protos.TaskStatus.Builder status = status(taskId, state, uuid != null).toBuilder();
        if (uuid != null) {
            status.setUuid(uuid);
        }
        if (uuid != null || tasks.containsKey(taskId)) {
            tasks.put(taskId, state);
        }
        send(Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(status)).build());
    }

    /** The UPDATE event {@link #update(String, Protos.TaskState, ByteString)} would send, not sent and not stored. */
    Event updateEvent(String taskId, Protos.TaskState state, ByteString uuid) {
        Protos.TaskStatus.Builder status = status(taskId, state, true).toBuilder().setUuid(uuid);
        return Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(status)).build();
    }

    /** Writes the first half of the event's record, then ends the subscription: a disconnect mid-record. */
    synchronized void disconnectMidRecord(Event event) {
        OutputStream out = stream;
        if (out == null) {
            throw new IllegalStateException("no subscription");
        }
        byte[] record = record(event);
        try {
            out.write(record, 0, record.length / 2);
            out.flush();
        } catch (IOException ignored) {
            // the subscriber went away first: the record is cut either way
        }
        stream = null;
        closed.countDown();
    }

    /**
     * Sends the events' records as one byte sequence cut at random points, one HTTP chunk per piece of
     * 1 to {@code maxPiece} bytes: records split across chunks, several records in one chunk.
     */
    synchronized void sendRechunked(List<Event> events, Random random, int maxPiece) throws IOException {
        OutputStream out = stream;
        if (out == null) {
            throw new IllegalStateException("no subscription");
        }
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (Event event : events) {
            all.write(record(event));
        }
        byte[] bytes = all.toByteArray();
        for (int at = 0; at < bytes.length; ) {
            int n = Math.min(1 + random.nextInt(maxPiece), bytes.length - at);
            out.write(bytes, at, n);
            out.flush();
            at += n;
        }
        events.stream().filter(e -> e.getType() == Event.Type.UPDATE).forEach(e ->
                tasks.put(e.getUpdate().getStatus().getTaskId().getValue(), e.getUpdate().getStatus().getState()));
    }

    /** The heartbeat interval the next subscriptions announce (the watchdog's clock). */
    void announceHeartbeat(double seconds) {
        heartbeatSeconds = seconds;
    }

    /**
     * Writes the first half of the event's record and then nothing more, without closing: a stall in
     * the middle of a record, which only the subscriber's heartbeat watchdog can end.
     */
    synchronized void stallMidRecord(Event event) throws IOException {
        OutputStream out = stream;
        if (out == null) {
            throw new IllegalStateException("no subscription");
        }
        byte[] record = record(event);
        out.write(record, 0, record.length / 2);
        out.flush();
        stream = null; // silence from now on; the connection stays open
    }

    /** An ERROR event on the current subscription, which then ends (as Mesos ends it). */
    void error(String message) {
        send(Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder().setMessage(message)).build());
        dropSubscription();
    }

    /**
     * The framework's failover timeout passed: Mesos removed it, killing its tasks; its id is refused from now on.
     */
    void removeFramework() {
        String frameworkId = currentFrameworkId;
        removedFrameworks.add(frameworkId);
        tasks.clear();
        taken.clear();
        error("Framework has been removed");
    }

    /** From now on every call is answered 307 to {@code location} (null: served again). */
    void redirectTo(String location) {
        redirectLocation = location;
    }

    /** The next {@code count} calls of this type are answered 400 (the master refuses them) and have no effect. */
    void refuse(Call.Type type, int count) {
        refusals.computeIfAbsent(type, t -> new AtomicInteger()).set(count);
    }

    /** The next {@code count} calls are answered 503 (the master is recovering). */
    void unavailableFor(int count) {
        unavailable.set(count);
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
