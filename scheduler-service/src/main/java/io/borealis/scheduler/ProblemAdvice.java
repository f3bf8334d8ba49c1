package io.borealis.scheduler;

import io.borealis.scheduler.task.InvalidJobKeyException;
import io.borealis.scheduler.task.NotFoundException;
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

    @ExceptionHandler(InvalidJobKeyException.class)
    ProblemDetail badKey(InvalidJobKeyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create(TYPES + "invalid-job-key"));
        problem.setTitle("Invalid job key");
        problem.setProperty("field", "key");
        return problem;
    }
}
