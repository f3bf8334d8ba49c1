package io.borealis.update.rollout;

import io.borealis.update.lifecycle.UpdateStatus;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading updates: {@code GET /api/v1/updates?role=&environment=&name=&status=&limit=} and {@code GET /api/v1/updates/{id}}. */
@RestController
@RequestMapping("/api/v1/updates")
class UpdatesController {

    private final UpdateQueries queries;

    UpdatesController(UpdateQueries queries) {
        this.queries = queries;
    }

    @GetMapping
    List<UpdateSummary> list(
            @RequestParam(required = false) String role,
            @RequestParam(required = false) String environment,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) UpdateStatus status,
            @RequestParam(defaultValue = "100") int limit) {
        return queries.search(role, environment, name, status, limit);
    }

    @GetMapping("/{id}")
    UpdateDetails get(@PathVariable UUID id) {
        return queries.get(id);
    }
}
