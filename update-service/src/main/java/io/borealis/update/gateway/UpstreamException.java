package io.borealis.update.gateway;

/**
 * Another service (through the gateway) refused or could not be reached. {@code status} is the
 * HTTP status it answered, or 0 when there was no answer; {@code detail} is its problem's detail.
 */
public class UpstreamException extends RuntimeException {

    private final int status;

    public UpstreamException(int status, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean isClientError() {
        return status >= 400 && status < 500;
    }
}
