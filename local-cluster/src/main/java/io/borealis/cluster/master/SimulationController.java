package io.borealis.cluster.master;

import io.borealis.cluster.agent.SimulatedTaskRunner;
import io.borealis.cluster.agent.TaskRunner;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator switch of simulated mode, for benchmarks that need many failures at one moment:
 * {@code POST /api/v1/cluster/simulation/fail} with {@code {"taskIds": [...]}} fails those running
 * tasks, with {@code {"count": n}} any n running tasks. Answers the ids failed. 409 when the
 * agents run real processes (kill those instead); 400 for a body that asks for nothing sensible.
 */
@RestController
class SimulationController {

    /** @param taskIds the tasks to fail (empty or null: any) @param count at most this many (null: all named) */
    record FailRequest(List<String> taskIds, Integer count) {
    }

    private final TaskRunner runner;

    SimulationController(TaskRunner runner) {
        this.runner = runner;
    }

    @PostMapping("/api/v1/cluster/simulation/fail")
    ResponseEntity<?> fail(@RequestBody FailRequest request) {
        if (!(runner instanceof SimulatedTaskRunner simulated)) {
            return problem(HttpStatus.CONFLICT, "not-simulated", "The agents run real processes",
                    "simulated failures need borealis.cluster.simulated=true; kill a task's process instead");
        }
        List<String> ids = request.taskIds() == null ? List.of() : request.taskIds();
        if (ids.isEmpty() && request.count() == null) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Nothing to fail", "give taskIds or count");
        }
        if (request.count() != null && request.count() < 0) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid count", "count must be ≥ 0");
        }
        int limit = request.count() == null ? ids.size() : request.count();
        return ResponseEntity.ok(Map.of("failed", simulated.failNow(ids, limit)));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:borealis:local-cluster:" + type));
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }
}
