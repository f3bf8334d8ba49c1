package io.borealis.scheduler.leader;

/** A write by an instance that does not (or no longer) hold the lease; its transaction rolls back. */
public class NotLeaderException extends RuntimeException {

    public NotLeaderException(String message) {
        super(message);
    }
}
