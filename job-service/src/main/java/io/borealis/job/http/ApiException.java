package io.borealis.job.http;

import io.borealis.job.spec.FieldFault;
import java.util.List;
import java.util.Map;

/** A client-visible failure: becomes a problem of {@code type} with {@code detail} and one entry per fault. */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldFault> errors;
    private final Map<String, Object> extensions;

    public ApiException(ProblemType type, String detail, List<FieldFault> errors) {
        this(type, detail, errors, Map.of());
    }

    /** @param extensions extra members of the problem (RFC 9457 §3.2), e.g. the numbers behind a quota refusal */
    public ApiException(ProblemType type, String detail, List<FieldFault> errors, Map<String, Object> extensions) {
        super(detail);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
    }

    public ApiException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldFault> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
