package io.borealis.gateway.problem;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Tells why a call to a service failed, from the exception the proxy saw. */
public enum UpstreamFailure {
    /** The breaker is open: the service failed repeatedly and is left alone for a while. */
    CIRCUIT_OPEN("is failing; calls are suspended for a short while"),
    /** The service took longer than the response timeout. */
    TIMEOUT("did not answer in time"),
    /** The service could not be connected to, or dropped the connection. */
    UNREACHABLE("could not be reached"),
    /** Anything else: a fault in the gateway itself. */
    OTHER("could not be called");

    private final String description;

    UpstreamFailure(String description) {
        this.description = description;
    }

    /** Completes "job-service ...", e.g. "did not answer in time". */
    public String description() {
        return description;
    }

    public static UpstreamFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CallNotPermittedException) {
                return CIRCUIT_OPEN;
            }
            if (t instanceof TimeoutException || isGatewayTimeout(t)) {
                return TIMEOUT;
            }
            if (t instanceof IOException) {
                return UNREACHABLE;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return OTHER;
    }

    /** What a breaker counts as a failure: the service was not reached or did not answer. */
    public static boolean isUnreachable(Throwable failure) {
        UpstreamFailure kind = of(failure);
        return kind == TIMEOUT || kind == UNREACHABLE;
    }

    private static boolean isGatewayTimeout(Throwable t) {
        return t instanceof ResponseStatusException status
                && status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value();
    }
}
