package io.borealis.scheduler.mesos;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads RecordIO: {@code <decimal length>\n<bytes>} repeated. Record boundaries are unrelated to
 * how the bytes arrive (HTTP chunks), so this only ever reads exactly what it needs.
 */
public final class RecordIoReader {

    private static final int MAX_RECORD = 64 * 1024 * 1024;

    private final InputStream in;

    public RecordIoReader(InputStream in) {
        this.in = in;
    }

    /** The next record, or null at a clean end of stream (between records). */
    public byte[] next() throws IOException {
        long length = 0;
        int digits = 0;
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (digits == 0) {
                    return null;
                }
                throw new EOFException("stream ended inside a record header");
            }
            if (b == '\n') {
                break;
            }
            if (b < '0' || b > '9') {
                throw new IOException("bad RecordIO header byte: " + b);
            }
            length = length * 10 + (b - '0');
            if (++digits > 10 || length > MAX_RECORD) {
                throw new IOException("RecordIO record too long");
            }
        }
        if (digits == 0) {
            throw new IOException("empty RecordIO header");
        }
        byte[] record = in.readNBytes((int) length);
        if (record.length != length) {
            throw new EOFException("stream ended inside a record: " + record.length + " of " + length + " bytes");
        }
        return record;
    }
}
