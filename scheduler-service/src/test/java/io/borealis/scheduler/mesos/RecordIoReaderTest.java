package io.borealis.scheduler.mesos;

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
import java.util.Random;
import com.google.protobuf.util.JsonFormat;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

class RecordIoReaderTest {

    /** The shared fixtures: from the module directory, the repo root is "..", the shared folder "../../shared". */
    static Path fixtures() {
        for (Path candidate : List.of(Path.of("../../shared/mesos/fixtures"), Path.of("../shared/mesos/fixtures"),
                Path.of("/work/shared/mesos/fixtures"))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    void readsRecordsBackToBack() throws IOException {
        byte[] stream = "5\nhello0\n3\nabc".getBytes(StandardCharsets.US_ASCII);
        RecordIoReader reader = new RecordIoReader(new ByteArrayInputStream(stream));
        assertThat(new String(reader.next())).isEqualTo("hello");
        assertThat(reader.next()).isEmpty();
        assertThat(new String(reader.next())).isEqualTo("abc");
        assertThat(reader.next()).isNull();
    }

    @Test
    void truncatedRecordIsAnError() {
        RecordIoReader reader = new RecordIoReader(new ByteArrayInputStream("10\nshort".getBytes()));
        assertThatThrownBy(reader::next).isInstanceOf(EOFException.class);
        RecordIoReader header = new RecordIoReader(new ByteArrayInputStream("12".getBytes()));
        assertThatThrownBy(header::next).isInstanceOf(EOFException.class);
        RecordIoReader garbage = new RecordIoReader(new ByteArrayInputStream("x\n".getBytes()));
        assertThatThrownBy(garbage::next).isInstanceOf(IOException.class);
    }

    @Test
    void fixtureStreamDecodesIntoEvents() throws IOException {
        Path dir = fixtures();
        assumeTrue(dir != null, "shared Mesos fixtures not present");
        byte[] bytes = Files.readAllBytes(dir.resolve("example-stream.protobuf.recordio"));
        List<Event> events = events(new ByteArrayInputStream(bytes));
        assertThat(events).isNotEmpty();
        assertThat(events.get(0).getType()).isEqualTo(Event.Type.SUBSCRIBED);
        assertThat(events).extracting(Event::getType).contains(Event.Type.HEARTBEAT);

        // the JSON fixture holds the same events (as JSON) plus one UPDATE carrying a uuid
        List<Event> json = new ArrayList<>();
        for (String record : jsonRecords(Files.readAllBytes(dir.resolve("example-stream.json.recordio")))) {
            Event.Builder event = Event.newBuilder();
            JsonFormat.parser().merge(record, event);
            json.add(event.build());
        }
        assertThat(json.subList(0, events.size())).isEqualTo(events);
        assertThat(MesosMapping.offer(events.get(2).getOffers().getOffers(0)).cpus()).isEqualTo(4.0);
        StatusUpdate update = MesosMapping.update(json.get(json.size() - 1).getUpdate().getStatus());
        assertThat(update.status()).isEqualTo(io.borealis.api.task.TaskStatus.RUNNING);
        assertThat(update.needsAck()).isTrue();
    }

    @Test
    void recordsSpanningArbitraryChunksDecodeTheSame() throws IOException {
        Path dir = fixtures();
        assumeTrue(dir != null, "shared Mesos fixtures not present");
        byte[] bytes = Files.readAllBytes(dir.resolve("example-stream.protobuf.recordio"));
        List<Event> whole = events(new ByteArrayInputStream(bytes));
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            int maxChunk = 1 + random.nextInt(7);
            assertThat(events(new ChunkedStream(bytes, maxChunk, random))).isEqualTo(whole);
        }
    }

    private static List<Event> events(InputStream in) throws IOException {
        RecordIoReader reader = new RecordIoReader(in);
        List<Event> events = new ArrayList<>();
        byte[] record;
        while ((record = reader.next()) != null) {
            events.add(Event.parseFrom(record));
        }
        return events;
    }

    private static List<String> jsonRecords(byte[] bytes) throws IOException {
        RecordIoReader reader = new RecordIoReader(new ByteArrayInputStream(bytes));
        List<String> records = new ArrayList<>();
        byte[] record;
        while ((record = reader.next()) != null) {
            records.add(new String(record, StandardCharsets.UTF_8));
        }
        return records;
    }

    /** Hands out the bytes in small random pieces, like HTTP chunks that ignore record boundaries. */
    private static final class ChunkedStream extends InputStream {
        private final byte[] bytes;
        private final int maxChunk;
        private final Random random;
        private int position;

        ChunkedStream(byte[] bytes, int maxChunk, Random random) {
            this.bytes = bytes;
            this.maxChunk = maxChunk;
            this.random = random;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, 1 + random.nextInt(maxChunk)), bytes.length - position);
            System.arraycopy(bytes, position, target, offset, n);
            position += n;
            return n;
        }
    }
}
