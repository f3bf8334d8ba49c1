package io.borealis.job.registry;

import io.borealis.api.job.DesiredState;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/desired-state}: every job with its instance → config map, read by the scheduler. */
@RestController
class DesiredStateController {

    private final JobQueries queries;

    DesiredStateController(JobQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/desired-state")
    DesiredState desiredState() {
        return queries.desiredState();
    }
}
