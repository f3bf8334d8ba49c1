package io.borealis.cluster.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

class RecordIoTest {

    static final Path FIXTURES = Path.of("..", "..", "shared", "mesos", "fixtures");

    static byte[] fixture(String name) throws IOException {
        Path path = FIXTURES.resolve(name);
        assumeTrue(Files.exists(path), "fixture " + path.toAbsolutePath() + " is absent");
        return Files.readAllBytes(path);
    }

    @Test
    void decodesTheProtobufFixtureStream() throws IOException {
        List<Event> events = decode(new ByteArrayInputStream(fixture("example-stream.protobuf.recordio")),
                WireFormat.PROTOBUF);

        assertThat(events).extracting(Event::getType)
                .containsExactly(Event.Type.SUBSCRIBED, Event.Type.HEARTBEAT, Event.Type.OFFERS);
        assertThat(events.get(0).getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(15.0);
        assertThat(events.get(2).getOffers().getOffers(0).getHostname()).isEqualTo("agent1.example");
    }

    @Test
    void decodesTheJsonFixtureStream() throws IOException {
        List<Event> events = decode(new ByteArrayInputStream(fixture("example-stream.json.recordio")), WireFormat.JSON);

        assertThat(events).extracting(Event::getType)
                .containsExactly(Event.Type.SUBSCRIBED, Event.Type.HEARTBEAT, Event.Type.OFFERS, Event.Type.UPDATE);
        assertThat(events.get(3).getUpdate().getStatus().getUuid().size()).isEqualTo(16);
    }

    @Test
    void recordBoundariesDoNotDependOnChunking() throws IOException {
        byte[] stream = fixture("example-stream.protobuf.recordio");
        List<Event> whole = decode(new ByteArrayInputStream(stream), WireFormat.PROTOBUF);

        for (int chunk = 1; chunk <= 7; chunk++) {
            assertThat(decode(new TrickleInputStream(stream, chunk), WireFormat.PROTOBUF)).isEqualTo(whole);
        }
    }

    @Test
    void framesAndReadsBack() throws IOException {
        Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
        byte[] framed = RecordIo.frame(WireFormat.JSON.encode(heartbeat));

        assertThat(new String(framed, StandardCharsets.UTF_8)).isEqualTo("20\n{\"type\":\"HEARTBEAT\"}");
        assertThat(decode(new ByteArrayInputStream(framed), WireFormat.JSON)).containsExactly(heartbeat);
    }

    @Test
    void refusesTruncatedAndMalformedStreams() {
        assertThatThrownBy(() -> new RecordIoReader(new ByteArrayInputStream("10\nabc".getBytes())).next())
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new RecordIoReader(new ByteArrayInputStream("1x\nabc".getBytes())).next())
                .isInstanceOf(IOException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> new RecordIoReader(new ByteArrayInputStream("\nabc".getBytes())).next())
                .isInstanceOf(IOException.class).hasMessageContaining("empty length");
    }

    private static List<Event> decode(InputStream in, WireFormat format) throws IOException {
        RecordIoReader reader = new RecordIoReader(in);
        List<Event> events = new ArrayList<>();
        for (byte[] record = reader.next(); record != null; record = reader.next()) {
            events.add(format.decodeEvent(record));
        }
        return events;
    }

    /** Hands out at most n bytes per read, like small HTTP chunks. */
    private static final class TrickleInputStream extends InputStream {
        private final byte[] data;
        private final int n;
        private int position;

        TrickleInputStream(byte[] data, int n) {
            this.data = data;
            this.n = n;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= data.length) {
                return -1;
            }
            int count = Math.min(Math.min(len, n), data.length - position);
            System.arraycopy(data, position, b, off, count);
            position += count;
            return count;
        }
    }
}
