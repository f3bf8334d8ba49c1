package io.borealis.job.events;

import io.borealis.job.http.ApiException;
import io.borealis.job.http.ProblemType;
import io.borealis.job.spec.FieldFault;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/jobs/events}: the resumable stream of job change events. Resume with the
 * {@code Last-Event-ID} header (what an EventSource sends on reconnect) or {@code ?after=<id>};
 * {@code ?after=0} replays everything kept. Without either, only new events are sent.
 */
@RestController
class EventsController {

    private final EventStream stream;

    EventsController(EventStream stream) {
        this.stream = stream;
    }

    @GetMapping(path = "/api/v1/jobs/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(name = "after", required = false) Long after) {
        Long cursor = lastEventId != null ? Long.valueOf(parse(lastEventId)) : after;
        return stream.subscribe(cursor);
    }

    private static long parse(String lastEventId) {
        try {
            long id = Long.parseLong(lastEventId.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ApiException(ProblemType.INVALID_REQUEST, "Last-Event-ID must be a non-negative event id",
                List.of(new FieldFault("Last-Event-ID", "not an event id: '" + lastEventId + "'")));
    }
}
