package io.borealis.update.http;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place errors become problems. Spring MVC's own exceptions (unknown path, wrong method,
 * bad parameter type) keep their status and get a Borealis {@code type}; a client mistake is never
 * a 500; anything unexpected is logged and answered as a 500 problem without internals.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> refused(ApiException e) {
        ProblemDetail problem = problem(e.type(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        return ResponseEntity.status(e.type().status()).body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return ResponseEntity.status(ProblemType.INTERNAL.status())
                .body(problem(ProblemType.INTERNAL, "the update service failed; see its log"));
    }

    /** A parameter that does not convert (an update id that is no UUID, an unknown status). */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String parameter = e.getPropertyName() != null ? e.getPropertyName() : "parameter";
        String expected = e.getRequiredType() == null ? "another value"
                : e.getRequiredType().isEnum() ? "one of " + Arrays.toString(e.getRequiredType().getEnumConstants())
                : "a " + e.getRequiredType().getSimpleName();
        ProblemDetail problem = problem(ProblemType.INVALID_PARAMETER, parameter + " must be " + expected);
        problem.setProperty("parameter", parameter);
        problem.setProperty("value", String.valueOf(e.getValue()));
        return ResponseEntity.status(ProblemType.INVALID_PARAMETER.status()).headers(headers).body(problem);
    }

    /** Spring MVC's own problems (about:blank) get the Borealis type for their status. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        // Spring hands its own exceptions over with a null body and builds the problem later
        Object problemBody = body == null && e instanceof ErrorResponse error ? error.getBody() : body;
        if (problemBody instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            ProblemType type = ProblemType.forStatus(status.value());
            problem.setType(type.type());
            problem.setTitle(type.title());
        }
        return super.handleExceptionInternal(e, problemBody, headers, status, request);
    }

    private static ProblemDetail problem(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.type());
        problem.setTitle(type.title());
        return problem;
    }
}
