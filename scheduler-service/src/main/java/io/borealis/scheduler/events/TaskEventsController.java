package io.borealis.scheduler.events;

import io.borealis.api.event.EventFeed;
import io.borealis.api.job.JobKey;
import io.borealis.scheduler.task.InvalidRequestException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/tasks/events}: the resumable stream of committed task events, as job-service
 * serves {@code /api/v1/jobs/events}. Resume with the {@code Last-Event-ID} header (what an
 * EventSource sends on reconnect) or {@code ?after=<id>}; {@code ?after=0} replays everything kept.
 * Without either, only new events are sent. {@code ?job=role/env/name} keeps one job's events only.
 */
@RestController
class TaskEventsController {

    private final TaskEventStream stream;

    TaskEventsController(TaskEventStream stream) {
        this.stream = stream;
    }

    @GetMapping(path = "/api/v1/tasks/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(name = "after", required = false) Long after,
            @RequestParam(name = "job", required = false) String job) {
        Long cursor;
        try {
            cursor = EventFeed.cursor(lastEventId, after);
        } catch (IllegalArgumentException e) {
            String field = lastEventId != null ? "Last-Event-ID" : "after";
            throw new InvalidRequestException(field, List.of(lastEventId != null ? lastEventId : after), e.getMessage());
        }
        return stream.subscribe(cursor, job == null ? null : jobKey(job));
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
        throw new InvalidRequestException("job", List.of(job),
                "job must be role/environment/name, each matching " + JobKey.SEGMENT.pattern() + ": '" + job + "'");
    }
}
