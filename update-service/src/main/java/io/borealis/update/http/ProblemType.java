package io.borealis.update.http;

import java.net.URI;
import org.springframework.http.HttpStatus;

/** Every problem update-service answers with: a stable {@code type} URI, its status and title. */
public enum ProblemType {
    INVALID_PARAMETER(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter"),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),
    UPDATE_NOT_FOUND(HttpStatus.NOT_FOUND, "update-not-found", "Update not found"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "No such resource"),
    JOB_NOT_FOUND(HttpStatus.NOT_FOUND, "job-not-found", "Job not found"),
    UPDATE_IN_PROGRESS(HttpStatus.CONFLICT, "update-in-progress", "The job already has an active update"),
    ILLEGAL_TRANSITION(HttpStatus.CONFLICT, "illegal-transition", "The update cannot do that now"),
    JOB_LOCKED(HttpStatus.CONFLICT, "job-locked", "The job is locked by someone else"),
    QUOTA_EXCEEDED(HttpStatus.CONFLICT, "quota-exceeded", "The role's quota does not allow this"),
    UPSTREAM_FAILED(HttpStatus.BAD_GATEWAY, "upstream-failed", "Another service failed"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
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

    /** The type for a status Spring MVC raised itself (404 for an unknown path, 405, ...). */
    static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> INTERNAL;
        };
    }
}
