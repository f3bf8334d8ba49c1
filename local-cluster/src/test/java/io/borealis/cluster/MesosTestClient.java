package io.borealis.cluster;

import io.borealis.cluster.protocol.RecordIoReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** A bare scheduler for tests: plain java.net.http, protobuf, RecordIO read on a thread of its own. */
public final class MesosTestClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final List<Event> events = new ArrayList<>();
    private final InputStream stream;
    private final Thread reader;
    private final String streamId;
    private volatile boolean ended;
    private String frameworkId;

    private MesosTestClient(URI master, FrameworkInfo info) throws IOException, InterruptedException {
        this.endpoint = master.resolve("/api/v1/scheduler");
        Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
        HttpResponse<InputStream> response = http.send(request(subscribe).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("SUBSCRIBE answered " + response.statusCode());
        }
        this.stream = response.body();
        this.streamId = response.headers().firstValue("Mesos-Stream-Id").orElse(null);
        this.reader = new Thread(this::read, "test-scheduler-reader");
        reader.setDaemon(true);
        reader.start();
        Event subscribed = await(e -> e.getType() == Event.Type.SUBSCRIBED || e.getType() == Event.Type.ERROR);
        this.frameworkId = subscribed.hasSubscribed() ? subscribed.getSubscribed().getFrameworkId().getValue() : null;
    }

    public static MesosTestClient subscribe(URI master, FrameworkInfo info) throws IOException, InterruptedException {
        return new MesosTestClient(master, info);
    }

    public static FrameworkInfo.Builder framework(String name, FrameworkInfo.Capability.Type... capabilities) {
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder().setUser("test").setName(name).setFailoverTimeout(0);
        for (FrameworkInfo.Capability.Type type : capabilities) {
            info.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(type));
        }
        return info;
    }

    private void read() {
        RecordIoReader records = new RecordIoReader(stream);
        try {
            for (byte[] record = records.next(); record != null; record = records.next()) {
                Event event = Event.parseFrom(record);
                synchronized (events) {
                    events.add(event);
                }
            }
        } catch (IOException e) {
            // the stream was closed
        } finally {
            ended = true;
        }
    }

    public String frameworkId() {
        return frameworkId;
    }

    public String streamId() {
        return streamId;
    }

    public boolean ended() {
        return ended;
    }

    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The first event so far that matches, waiting for it. */
    public Event await(Predicate<Event> matching) {
        return Awaitility.await().atMost(WAIT).until(() -> events().stream().filter(matching).findFirst().orElse(null),
                e -> e != null);
    }

    /** The first status update of the task in that state, waiting for it. */
    public TaskStatus awaitUpdate(String taskId, TaskState state) {
        return await(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
                && e.getUpdate().getStatus().getState() == state).getUpdate().getStatus();
    }

    /** Waits for the update, then acknowledges it. */
    public TaskStatus awaitAndAck(String taskId, TaskState state) throws IOException, InterruptedException {
        TaskStatus status = awaitUpdate(taskId, state);
        ack(status);
        return status;
    }

    public void ack(TaskStatus status) throws IOException, InterruptedException {
        int code = call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid()))).statusCode();
        if (code != 202) {
            throw new IllegalStateException("ACKNOWLEDGE answered " + code);
        }
    }

    /** Sends a call of this framework on this stream. */
    public HttpResponse<String> call(Call.Builder call) throws IOException, InterruptedException {
        call.setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId));
        return http.send(request(call.build()).header("Mesos-Stream-Id", streamId).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder request(Call call) {
        return HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-protobuf")
                .header("Accept", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
    }

    /** Disconnects without telling the master (a crash). */
    public void drop() throws IOException {
        stream.close();
        reader.interrupt();
    }

    /** Tears the framework down, so the next test gets all the offers, then disconnects. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (frameworkId != null && !ended) {
            call(Call.newBuilder().setType(Call.Type.TEARDOWN));
        }
        drop();
    }
}
