package io.borealis.cluster.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads RecordIO records from a stream, whatever its chunking: HTTP chunk boundaries have
 * nothing to do with record boundaries. Not thread-safe.
 */
public final class RecordIoReader {

    /** Longest length header accepted: 19 digits cover any int64. */
    private static final int MAX_HEADER_DIGITS = 19;
    /** Refuse absurd records instead of allocating them. */
    private static final long MAX_RECORD_BYTES = 256L * 1024 * 1024;

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
            if (b < '0' || b > '9' || ++digits > MAX_HEADER_DIGITS) {
                throw new IOException("malformed RecordIO header (byte " + b + ")");
            }
            length = length * 10 + (b - '0');
        }
        if (digits == 0) {
            throw new IOException("malformed RecordIO header: empty length");
        }
        if (length > MAX_RECORD_BYTES) {
            throw new IOException("RecordIO record too large: " + length + " bytes");
        }
        byte[] record = in.readNBytes((int) length);
        if (record.length < length) {
            throw new EOFException("stream ended inside a record (" + record.length + " of " + length + " bytes)");
        }
        return record;
    }
}
