package io.borealis.job.http;

import io.borealis.job.spec.FieldFault;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestValueException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where failures become RFC 9457 problems: a stable {@code type} per
 * {@link ProblemType}, a title, a detail and {@code errors}: one {field, message} per fault.
 * Spring MVC's own exceptions (405, 404, 415, unreadable body...) get the same shape.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        if (e.type() == ProblemType.BODY_TOO_LARGE) {
            // the rest of the body stays unread: tell the client this connection ends here
            return ResponseEntity.status(e.type().status()).header(HttpHeaders.CONNECTION, "close")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problemDetail(e.type(), e.getMessage(), e.errors()));
        }
        ResponseEntity<ProblemDetail> problem = problem(e.type(), e.getMessage(), e.errors());
        e.extensions().forEach(problem.getBody()::setProperty);
        return problem;
    }

    @ExceptionHandler(ObjectOptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> conflict(ObjectOptimisticLockingFailureException e) {
        return problem(ProblemType.CONCURRENT_MODIFICATION, "the job was changed by another request; retry", List.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return problem(ProblemType.INTERNAL, "internal error; see the job-service log", List.of());
    }

    /** Spring MVC's exceptions: keep Spring's detail, give them our type and shape. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (ex instanceof HttpMessageNotReadableException && rootCause(ex) instanceof ApiException api) {
            return ResponseEntity.status(api.type().status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problemDetail(api.type(), api.getMessage(), api.errors()));
        }
        ProblemType type = typeOf(ex);
        String detail = body instanceof ProblemDetail pd && pd.getDetail() != null ? pd.getDetail() : ex.getMessage();
        if (type == null) {
            ProblemDetail generic = ProblemDetail.forStatusAndDetail(statusCode, detail);
            generic.setProperty("errors", List.of());
            return ResponseEntity.status(statusCode).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(generic);
        }
        List<FieldFault> errors = ex instanceof TypeMismatchException e
                ? List.of(new FieldFault(String.valueOf(e.getPropertyName()), "invalid value '" + e.getValue() + "'"))
                : List.of(new FieldFault("", detail));
        HttpHeaders copy = new HttpHeaders();
        copy.putAll(headers);
        copy.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(type.status()).headers(copy).body(problemDetail(type, detail, errors));
    }

    private static ProblemType typeOf(Exception ex) {
        if (ex instanceof HttpRequestMethodNotSupportedException) {
            return ProblemType.METHOD_NOT_ALLOWED;
        } else if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
            return ProblemType.NOT_FOUND;
        } else if (ex instanceof HttpMediaTypeNotSupportedException) {
            return ProblemType.UNSUPPORTED_MEDIA_TYPE;
        } else if (ex instanceof HttpMediaTypeNotAcceptableException) {
            return ProblemType.NOT_ACCEPTABLE;
        } else if (ex instanceof HttpMessageNotReadableException) {
            return ProblemType.MALFORMED_BODY;
        } else if (ex instanceof TypeMismatchException || ex instanceof MissingRequestValueException) {
            return ProblemType.INVALID_REQUEST;
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    static ResponseEntity<ProblemDetail> problem(ProblemType type, String detail, List<FieldFault> errors) {
        return ResponseEntity.status(type.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problemDetail(type, detail, errors));
    }

    static ProblemDetail problemDetail(ProblemType type, String detail, List<FieldFault> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.type());
        problem.setTitle(type.title());
        problem.setProperty("errors", errors);
        return problem;
    }
}
