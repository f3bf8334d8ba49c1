package io.borealis.cluster.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.springframework.http.MediaType;

/** The two encodings of the scheduler API: protobuf (the real one) and JSON (logs, curl). */
public enum WireFormat {

    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer JSON_PRINTER =
            JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

    private final MediaType mediaType;

    WireFormat(String mediaType) {
        this.mediaType = MediaType.parseMediaType(mediaType);
    }

    public MediaType mediaType() {
        return mediaType;
    }

    /** The format of this Content-Type, or null if it is neither. */
    public static WireFormat of(MediaType contentType) {
        for (WireFormat format : values()) {
            if (format.mediaType.equalsTypeAndSubtype(contentType)) {
                return format;
            }
        }
        return null;
    }

    /** Parses a call; required fields must be present. */
    public Call parseCall(byte[] body) throws InvalidProtocolBufferException {
        if (this == PROTOBUF) {
            return Call.parseFrom(body);
        }
        Call.Builder call = Call.newBuilder();
        JSON_PARSER.merge(new String(body, StandardCharsets.UTF_8), call);
        if (!call.isInitialized()) {
            throw new InvalidProtocolBufferException("missing required fields: "
                    + call.findInitializationErrors());
        }
        return call.build();
    }

    public byte[] encode(Event event) {
        if (this == PROTOBUF) {
            return event.toByteArray();
        }
        try {
            return JSON_PRINTER.print(event).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("event cannot be printed as JSON", e);
        }
    }

    public Event decodeEvent(byte[] record) throws InvalidProtocolBufferException {
        if (this == PROTOBUF) {
            return Event.parseFrom(record);
        }
        Event.Builder event = Event.newBuilder();
        JSON_PARSER.merge(new String(record, StandardCharsets.UTF_8), event);
        return event.build();
    }
}
