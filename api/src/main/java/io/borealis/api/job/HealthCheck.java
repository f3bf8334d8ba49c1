package io.borealis.api.job;

/**
 * A health check run by the agent beside the task. Exactly one of {@code http}, {@code tcp} or
 * {@code command} is set.
 */
public record HealthCheck(
        Http http,
        Tcp tcp,
        String command,
        Integer initialDelaySecs,
        Integer intervalSecs,
        Integer timeoutSecs,
        Integer consecutiveFailures) {

    /** GET {@code path} on the named port; 2xx and 3xx are healthy. */
    public record Http(String port, String path) {
    }

    /** A TCP connect to the named port. */
    public record Tcp(String port) {
    }
}
