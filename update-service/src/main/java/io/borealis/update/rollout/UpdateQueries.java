package io.borealis.update.rollout;

import io.borealis.api.job.JobKey;
import io.borealis.update.http.ApiException;
import io.borealis.update.http.ProblemType;
import io.borealis.update.lifecycle.UpdateStatus;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads updates for the API: validates filters, maps entities to records inside one read transaction. */
@Service
@Transactional(readOnly = true)
public class UpdateQueries {

    static final int MAX_LIMIT = 1000;

    private final JobUpdates updates;
    private final JobUpdateEvents events;
    private final UpdateInstances instances;

    UpdateQueries(JobUpdates updates, JobUpdateEvents events, UpdateInstances instances) {
        this.updates = updates;
        this.events = events;
        this.instances = instances;
    }

    public List<UpdateSummary> search(String role, String environment, String name, UpdateStatus status, int limit) {
        checkSegment("role", role);
        checkSegment("environment", environment);
        checkSegment("name", name);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalidParameter("limit", limit, "must be between 1 and " + MAX_LIMIT);
        }
        return updates.search(role, environment, name, status, Limit.of(limit)).stream()
                .map(UpdateSummary::of)
                .toList();
    }

    public UpdateDetails get(UUID id) {
        JobUpdate update = updates.findById(id).orElseThrow(() -> new ApiException(ProblemType.UPDATE_NOT_FOUND,
                "no update " + id, Map.of("updateId", id.toString())));
        return UpdateDetails.of(update, instances.findByUpdateIdOrderByOrdinal(id), events.findByUpdateIdOrderById(id));
    }

    private static void checkSegment(String parameter, String value) {
        if (value != null && !JobKey.isValidSegment(value)) {
            throw ApiException.invalidParameter(parameter, value, "must match " + JobKey.SEGMENT.pattern());
        }
    }
}
