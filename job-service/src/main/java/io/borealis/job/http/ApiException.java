package io.borealis.job.http;

import io.borealis.job.spec.FieldFault;
import java.util.List;

/** A client-visible failure: becomes a problem of {@code type} with {@code detail} and one entry per fault. */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldFault> errors;

    public ApiException(ProblemType type, String detail, List<FieldFault> errors) {
        super(detail);
        this.type = type;
        this.errors = List.copyOf(errors);
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
}
