package io.borealis.cluster.master;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the cluster's own errors to RFC 9457 problems; the scheduler endpoint answers as Mesos does. */
@RestControllerAdvice
class ProblemHandler {

    @ExceptionHandler(UnknownAgentException.class)
    ProblemDetail unknownAgent(UnknownAgentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create("urn:borealis:local-cluster:unknown-agent"));
        problem.setTitle("Unknown agent");
        problem.setProperty("agentId", e.agentId());
        return problem;
    }
}
