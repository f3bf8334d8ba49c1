package io.borealis.cluster.master;

import com.google.protobuf.InvalidProtocolBufferException;
import io.borealis.cluster.protocol.WireFormat;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * {@code /api/v1/scheduler}: the Mesos v1 scheduler endpoint. Checks run in the order a Mesos
 * master runs them, with its status codes and plain-text reasons; SUBSCRIBE answers with a
 * RecordIO stream written by a thread of its own.
 */
@RestController
class SchedulerController {

    static final String STREAM_ID = "Mesos-Stream-Id";
    private static final Logger log = LoggerFactory.getLogger(SchedulerController.class);

    private final Master master;

    SchedulerController(Master master) {
        this.master = master;
    }

    @RequestMapping("/api/v1/scheduler")
    ResponseEntity<ResponseBodyEmitter> scheduler(HttpServletRequest request,
            @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            @RequestHeader(name = STREAM_ID, required = false) String streamId,
            @RequestBody(required = false) byte[] body) {
        if (!"POST".equals(request.getMethod())) {
            throw new CallRejected(HttpStatus.METHOD_NOT_ALLOWED,
                    "Expecting a 'POST' request, received '" + request.getMethod() + "'");
        }
        WireFormat requestFormat = requestFormat(contentType);
        WireFormat responseFormat = responseFormat(accept);
        Call call;
        try {
            call = requestFormat.parseCall(body == null ? new byte[0] : body);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new CallRejected(HttpStatus.BAD_REQUEST, "Failed to parse body into Call protobuf: " + e.getMessage());
        }
        String invalid = CallValidation.validate(call);
        if (invalid != null) {
            throw new CallRejected(HttpStatus.BAD_REQUEST, "Failed to validate scheduler::Call: " + invalid);
        }
        if (call.getType() == Call.Type.SUBSCRIBE) {
            if (streamId != null) {
                throw new CallRejected(HttpStatus.BAD_REQUEST,
                        "Subscribe calls should not include the 'Mesos-Stream-Id' header");
            }
            Subscription subscription = master.subscribe(call, responseFormat);
            return ResponseEntity.ok().contentType(responseFormat.mediaType())
                    .header(STREAM_ID, subscription.streamId())
                    .body(stream(subscription));
        }
        master.call(call, streamId);
        return call.getType() == Call.Type.UPDATE_FRAMEWORK ? ResponseEntity.ok().build()
                : ResponseEntity.accepted().build();
    }

    /** One thread per subscription drains its queue into the response (no timeout: it lives as long as the scheduler). */
    private ResponseBodyEmitter stream(Subscription subscription) {
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(-1L);
        MediaType mediaType = subscription.format().mediaType();
        Thread writer = new Thread(() -> {
            try {
                subscription.pump(bytes -> emitter.send(bytes, mediaType));
                emitter.complete();
            } catch (IOException | RuntimeException e) {
                log.debug("Subscription {} broke: {}", subscription.streamId(), e.toString());
                master.disconnected(subscription);
                try {
                    emitter.completeWithError(e);
                } catch (IllegalStateException alreadyCompleted) {
                    // the server stopped first and completed the request itself
                }
            }
        }, "subscription-" + subscription.streamId());
        writer.setDaemon(true);
        emitter.onError(e -> master.disconnected(subscription));
        writer.start();
        return emitter;
    }

    private static WireFormat requestFormat(String contentType) {
        if (contentType == null) {
            throw new CallRejected(HttpStatus.BAD_REQUEST, "Expecting 'Content-Type' to be present");
        }
        WireFormat format;
        try {
            format = WireFormat.of(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            format = null;
        }
        if (format == null) {
            throw new CallRejected(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Expecting 'Content-Type' of application/json or application/x-protobuf");
        }
        return format;
    }

    /** Mesos prefers JSON when both are acceptable (no Accept header at all accepts both). */
    private static WireFormat responseFormat(String accept) {
        if (accept == null || accept.isBlank()) {
            return WireFormat.JSON;
        }
        try {
            List<MediaType> accepted = MediaType.parseMediaTypes(accept);
            for (WireFormat format : List.of(WireFormat.JSON, WireFormat.PROTOBUF)) {
                if (accepted.stream().anyMatch(m -> m.includes(format.mediaType()))) {
                    return format;
                }
            }
        } catch (InvalidMediaTypeException e) {
            // answered below
        }
        throw new CallRejected(HttpStatus.NOT_ACCEPTABLE,
                "Expecting 'Accept' to allow application/json or application/x-protobuf");
    }

    /** Mesos answers refusals as plain text, not problem+json: schedulers written for Mesos expect that. */
    @ExceptionHandler(CallRejected.class)
    ResponseEntity<String> rejected(CallRejected e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status()).contentType(MediaType.TEXT_PLAIN);
        if (e.status() == HttpStatus.METHOD_NOT_ALLOWED) {
            response.header(HttpHeaders.ALLOW, "POST");
        }
        return response.body(e.getMessage());
    }
}
