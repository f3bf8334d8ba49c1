package io.borealis.cluster.master;

import org.springframework.http.HttpStatus;

/** A call the master refuses, with the HTTP status and the text a Mesos master would answer. */
final class CallRejected extends RuntimeException {

    private final HttpStatus status;

    CallRejected(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
