package io.borealis.cluster.protocol;

import java.nio.charset.StandardCharsets;

/** RecordIO framing (Mesos {@code docs/recordio.md}): {@code <decimal length>\n<bytes>}, no separator. */
public final class RecordIo {

    private RecordIo() {
    }

    public static byte[] frame(byte[] record) {
        byte[] header = (record.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[header.length + record.length];
        System.arraycopy(header, 0, framed, 0, header.length);
        System.arraycopy(record, 0, framed, header.length, record.length);
        return framed;
    }
}
