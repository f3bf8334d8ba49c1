package io.borealis.job.http;

import java.net.URI;
import org.springframework.http.HttpStatus;

/** Every problem job-service answers with: a stable {@code type} URI, its status and title. */
public enum ProblemType {
    INVALID_JOB_SPEC(HttpStatus.BAD_REQUEST, "invalid-job-spec", "Invalid job spec"),
    INVALID_JOB_KEY(HttpStatus.BAD_REQUEST, "invalid-job-key", "Invalid job key"),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),
    MALFORMED_BODY(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body"),
    JOB_NOT_FOUND(HttpStatus.NOT_FOUND, "job-not-found", "Job not found"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "No such resource"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
    JOB_EXISTS(HttpStatus.CONFLICT, "job-exists", "Job already exists"),
    JOB_LOCKED(HttpStatus.CONFLICT, "job-locked", "Job is locked by an update"),
    LOCK_NOT_HELD(HttpStatus.CONFLICT, "lock-not-held", "Update lock not held"),
    LOCK_NOT_FOUND(HttpStatus.NOT_FOUND, "lock-not-found", "Job is not locked"),
    QUOTA_EXCEEDED(HttpStatus.CONFLICT, "quota-exceeded", "Production quota exceeded"),
    CONCURRENT_MODIFICATION(HttpStatus.CONFLICT, "concurrent-modification", "Changed concurrently, retry"),
    BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error");

    private static final String BASE = "https://borealis.dev/problems/";

    private final HttpStatus status;
    private final URI type;
    private final String title;

    ProblemType(HttpStatus status, String slug, String title) {
        this.status = status;
        this.type = URI.create(BASE + slug);
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }
}
