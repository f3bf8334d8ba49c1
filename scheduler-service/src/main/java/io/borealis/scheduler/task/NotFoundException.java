package io.borealis.scheduler.task;

/** A job or task the scheduler does not know: 404 problem. */
public class NotFoundException extends RuntimeException {

    private final String kind;
    private final String id;

    public NotFoundException(String kind, String id) {
        super("no " + kind + " " + id);
        this.kind = kind;
        this.id = id;
    }

    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }
}
