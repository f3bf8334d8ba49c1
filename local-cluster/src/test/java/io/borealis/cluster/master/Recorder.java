package io.borealis.cluster.master;

import io.borealis.cluster.ClusterProperties;
import io.borealis.cluster.protocol.RecordIoReader;
import io.borealis.cluster.protocol.WireFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * Reads what the master queued for a framework without HTTP: ends the framework's subscription,
 * writes its queue out, decodes the RecordIO and puts a fresh subscription in its place. Call it
 * under the master's lock when timers may be sending.
 */
final class Recorder {

    private Recorder() {
    }

    static Framework framework(String id, FrameworkInfo.Capability.Type... capabilities) {
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder().setUser("test").setName(id).setRole("*");
        for (FrameworkInfo.Capability.Type type : capabilities) {
            info.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(type));
        }
        Framework framework = new Framework(id, info.build());
        framework.subscription = new Subscription(id, WireFormat.PROTOBUF);
        return framework;
    }

    /** Events queued since the last call, in order. */
    static List<Event> sent(Framework framework) {
        return drain(framework.subscription, () -> framework.subscription = new Subscription(framework.id,
                WireFormat.PROTOBUF));
    }

    /** Every event queued on the subscription; it is ended. */
    static List<Event> drain(Subscription subscription, Runnable replace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        subscription.end();
        try {
            subscription.pump(bytes::write);
            RecordIoReader reader = new RecordIoReader(new ByteArrayInputStream(bytes.toByteArray()));
            List<Event> events = new ArrayList<>();
            for (byte[] record = reader.next(); record != null; record = reader.next()) {
                events.add(Event.parseFrom(record));
            }
            replace.run();
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cluster settings for unit tests: small agents, long timers unless a test shortens them. */
    static ClusterProperties properties(int agents, Duration allocationInterval, Duration retryInterval) {
        return new ClusterProperties(agents, Path.of("build-sandboxes"), "127.0.0.1", 4, 1024, 1024, 10, 31000,
                Duration.ofHours(1), Duration.ofSeconds(5), allocationInterval, retryInterval, Duration.ofHours(1),
                Duration.ofSeconds(3), 1, true);
    }
}
