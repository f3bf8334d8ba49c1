package io.borealis.scheduler.task;

import java.util.List;

/** A request that names things that cannot be acted on (e.g. instances without a running task): 400 problem naming them. */
public class InvalidRequestException extends RuntimeException {

    private final String field;
    private final List<?> offending;

    public InvalidRequestException(String field, List<?> offending, String message) {
        super(message);
        this.field = field;
        this.offending = List.copyOf(offending);
    }

    public String field() {
        return field;
    }

    public List<?> offending() {
        return offending;
    }
}
