package io.borealis.scheduler;

import io.borealis.scheduler.leader.NotLeaderException;
import io.borealis.scheduler.task.InvalidJobKeyException;
import io.borealis.scheduler.task.InvalidRequestException;
import io.borealis.scheduler.task.NotFoundException;
import io.borealis.scheduler.task.TaskConflictException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error of this service as RFC 9457 problem+json, with a stable type per problem. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final String TYPES = "https://borealis.io/problems/";

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create(TYPES + e.kind() + "-not-found"));
        problem.setTitle("Unknown " + e.kind());
        problem.setProperty(e.kind().equals("job") ? "job" : "taskId", e.id());
        return problem;
    }

    /** A write sent to a standby (or a deposed leader): retry on the leader, see GET /api/v1/cluster/leader. */
    @ExceptionHandler(NotLeaderException.class)
    ProblemDetail notLeader(NotLeaderException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setType(URI.create(TYPES + "not-leader"));
        problem.setTitle("This scheduler instance is not the leader");
        return problem;
    }

    @ExceptionHandler(TaskConflictException.class)
    ProblemDetail conflict(TaskConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create(TYPES + "task-state-conflict"));
        problem.setTitle("The task is not in a state that allows this");
        problem.setProperty("taskId", e.taskId());
        return problem;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create(TYPES + "invalid-request"));
        problem.setTitle("Invalid request");
        problem.setProperty("field", e.field());
        problem.setProperty(e.field(), e.offending());
        return problem;
    }

    @ExceptionHandler(InvalidJobKeyException.class)
    ProblemDetail badKey(InvalidJobKeyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create(TYPES + "invalid-job-key"));
        problem.setTitle("Invalid job key");
        problem.setProperty("field", "key");
        return problem;
    }
}
