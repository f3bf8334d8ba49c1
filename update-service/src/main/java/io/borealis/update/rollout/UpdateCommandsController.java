package io.borealis.update.rollout;

import io.borealis.api.job.JobKey;
import io.borealis.update.http.ApiException;
import io.borealis.update.lifecycle.UpdateStatus;
import io.borealis.update.lifecycle.UpdateVerb;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Starting and controlling updates: {@code POST /api/v1/jobs/{role}/{env}/{name}/updates},
 * rolling restarts {@code POST /api/v1/jobs/{role}/{env}/{name}/restart} and
 * {@code POST /api/v1/updates/{id}/{pause,resume,abort,rollback,pulse}}. Who asked comes from
 * {@code X-Borealis-User} (set by the gateway), "anonymous" without it.
 */
@RestController
class UpdateCommandsController {

    private static final String USER = "X-Borealis-User";

    private final UpdateStarter starter;
    private final UpdateCommands commands;

    UpdateCommandsController(UpdateStarter starter, UpdateCommands commands) {
        this.starter = starter;
        this.commands = commands;
    }

    @PostMapping("/api/v1/jobs/{role}/{env}/{name}/updates")
    ResponseEntity<Map<String, Object>> start(@PathVariable String role, @PathVariable String env,
            @PathVariable String name, @RequestBody(required = false) StartUpdateRequest request,
            @RequestHeader(name = USER, required = false) String user) {
        UUID id = starter.start(new JobKey(role, env, name), request == null
                ? new StartUpdateRequest(null, null, null) : request, who(user));
        return ResponseEntity.created(URI.create("/api/v1/updates/" + id)).body(Map.of("id", id));
    }

    @PostMapping("/api/v1/jobs/{role}/{env}/{name}/restart")
    ResponseEntity<Map<String, Object>> restart(@PathVariable String role, @PathVariable String env,
            @PathVariable String name, @RequestBody(required = false) RestartRequest request,
            @RequestHeader(name = USER, required = false) String user) {
        UUID id = starter.restart(new JobKey(role, env, name), request == null
                ? new RestartRequest(null, null, null) : request, who(user));
        return ResponseEntity.created(URI.create("/api/v1/updates/" + id)).body(Map.of("id", id));
    }

    @PostMapping("/api/v1/updates/{id}/{verb}")
    Map<String, Object> control(@PathVariable UUID id, @PathVariable String verb,
            @RequestBody(required = false) VerbRequest request,
            @RequestHeader(name = USER, required = false) String user) {
        UpdateVerb parsed;
        try {
            parsed = UpdateVerb.parse(verb);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("verb", verb, "must be one of pause, resume, abort, rollback, pulse");
        }
        UpdateStatus status = commands.apply(id, parsed, request == null ? null : request.message(), who(user));
        return Map.of("id", id, "status", status);
    }

    private static String who(String user) {
        return user == null || user.isBlank() ? "anonymous" : user.trim();
    }
}
