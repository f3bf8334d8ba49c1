package io.borealis.update.events;

import io.borealis.api.event.EventFeed;
import io.borealis.api.job.JobKey;
import io.borealis.update.http.ApiException;
import io.borealis.update.http.ProblemType;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/updates/events} ({@code ?job=role/env/name} for one job's updates) and
 * {@code GET /api/v1/updates/{id}/events}: every committed step of job updates as a resumable SSE
 * stream, as job-service and scheduler-service serve theirs. Resume with the {@code Last-Event-ID}
 * header or {@code ?after=<id>}; {@code ?after=0} replays everything; without either, only new events.
 */
@RestController
@RequestMapping("/api/v1/updates")
class UpdateEventsController {

    private final UpdateEventStream stream;
    private final UpdateChanges changes;

    UpdateEventsController(UpdateEventStream stream, UpdateChanges changes) {
        this.stream = stream;
        this.changes = changes;
    }

    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter all(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(name = "after", required = false) Long after,
            @RequestParam(name = "job", required = false) String job) {
        return stream.subscribe(cursor(lastEventId, after), new UpdateChanges.Filter(job == null ? null : jobKey(job), null));
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter ofUpdate(@PathVariable UUID id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(name = "after", required = false) Long after) {
        Long cursor = cursor(lastEventId, after);
        if (!changes.exists(id)) {
            throw new ApiException(ProblemType.UPDATE_NOT_FOUND, "No update " + id, Map.of("updateId", id.toString()));
        }
        return stream.subscribe(cursor, new UpdateChanges.Filter(null, id));
    }

    private static Long cursor(String lastEventId, Long after) {
        try {
            return EventFeed.cursor(lastEventId, after);
        } catch (IllegalArgumentException e) {
            String parameter = lastEventId != null ? "Last-Event-ID" : "after";
            throw ApiException.invalidParameter(parameter, lastEventId != null ? lastEventId : after,
                    e.getMessage().substring(parameter.length() + 1));
        }
    }

    private static JobKey jobKey(String job) {
        try {
            JobKey key = JobKey.parse(job);
            if (key.isValid()) {
                return key;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ApiException.invalidParameter("job", job,
                "must be role/environment/name, each matching " + JobKey.SEGMENT.pattern());
    }
}
