package io.borealis.gateway.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;

/** The problems the gateway answers itself, each with a stable {@code type}. */
final class Problems {

    static final URI SERVICE_UNAVAILABLE = URI.create("https://borealis.dev/problems/service-unavailable");
    static final URI NOT_FOUND = URI.create("https://borealis.dev/problems/not-found");
    static final URI BODY_TOO_LARGE = URI.create("https://borealis.dev/problems/body-too-large");
    static final URI GATEWAY_ERROR = URI.create("https://borealis.dev/problems/gateway-error");

    private Problems() {
    }

    /** 503: the named service could not serve the request, and why. */
    static ProblemDetail serviceUnavailable(String service, UpstreamFailure failure, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                service + " " + failure.description());
        problem.setType(SERVICE_UNAVAILABLE);
        problem.setTitle("Service unavailable");
        problem.setInstance(URI.create(instance));
        problem.setProperty("service", service);
        problem.setProperty("reason", failure.name());
        return problem;
    }

    /** 404: no route owns this path. */
    static ProblemDetail notFound(String method, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "no API resource answers " + method + " " + path);
        problem.setType(NOT_FOUND);
        problem.setTitle("Not found");
        problem.setInstance(URI.create(path));
        return problem;
    }

    /** 413: the declared body is over the limit; same type as job-service's own refusal. */
    static ProblemDetail bodyTooLarge(DataSize limit, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "request body is larger than " + limit.toBytes() + " bytes");
        problem.setType(BODY_TOO_LARGE);
        problem.setTitle("Request body too large");
        problem.setInstance(URI.create(path));
        problem.setProperty("limitBytes", limit.toBytes());
        return problem;
    }

    /** Any other status the gateway itself decided on (e.g. 405, 413, 500). */
    static ProblemDetail of(HttpStatusCode status, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(GATEWAY_ERROR);
        HttpStatus known = HttpStatus.resolve(status.value());
        problem.setTitle(known != null ? known.getReasonPhrase() : "Error");
        problem.setInstance(URI.create(path));
        return problem;
    }
}
