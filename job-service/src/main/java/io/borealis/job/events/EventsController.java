package io.borealis.job.events;

import io.borealis.api.event.EventFeed;
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
        Long cursor;
        try {
            cursor = EventFeed.cursor(lastEventId, after);
        } catch (IllegalArgumentException e) {
            String field = lastEventId != null ? "Last-Event-ID" : "after";
            throw new ApiException(ProblemType.INVALID_REQUEST, e.getMessage(), List.of(new FieldFault(field, e.getMessage())));
        }
        return stream.subscribe(cursor);
    }
}
