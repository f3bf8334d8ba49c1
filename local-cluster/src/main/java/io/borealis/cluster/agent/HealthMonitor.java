package io.borealis.cluster.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.HealthCheck;

/**
 * Runs one task's Mesos health check (HTTP, TCP or COMMAND) the way the Mesos health checker
 * does: first probe after delay_seconds, then every interval_seconds; failures before the first
 * success inside grace_period_seconds do not count; a change of health is reported; after
 * consecutive_failures failures in a row the task is killed.
 */
final class HealthMonitor {

    /** What the monitor tells its runner. */
    interface Outcome {
        void healthChanged(boolean healthy);

        void unhealthyKill();
    }

    private final HealthCheck check;
    private final Path sandbox;
    private final Map<String, String> environment;
    private final HttpClient http;
    private final Outcome outcome;
    private final long startedNanos = System.nanoTime();

    private ScheduledFuture<?> schedule;
    private Boolean healthy;
    private boolean everHealthy;
    private int consecutiveFailures;
    private volatile boolean stopped;

    HealthMonitor(HealthCheck check, Path sandbox, Map<String, String> environment, HttpClient http, Outcome outcome) {
        this.check = check;
        this.sandbox = sandbox;
        this.environment = environment;
        this.http = http;
        this.outcome = outcome;
    }

    synchronized void start(ScheduledExecutorService timer) {
        long delayMs = (long) (check.getDelaySeconds() * 1000);
        long intervalMs = Math.max(100, (long) (check.getIntervalSeconds() * 1000));
        schedule = timer.scheduleWithFixedDelay(this::probeOnce, delayMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void stop() {
        stopped = true;
        synchronized (this) {
            if (schedule != null) {
                schedule.cancel(false);
            }
        }
    }

    private void probeOnce() {
        if (stopped) {
            return;
        }
        boolean ok = probe();
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (ok) {
                consecutiveFailures = 0;
                everHealthy = true;
                if (!Boolean.TRUE.equals(healthy)) {
                    healthy = true;
                    outcome.healthChanged(true);
                }
                return;
            }
            double elapsedSeconds = (System.nanoTime() - startedNanos) / 1e9;
            if (!everHealthy && elapsedSeconds < check.getGracePeriodSeconds()) {
                return;
            }
            consecutiveFailures++;
            if (!Boolean.FALSE.equals(healthy)) {
                healthy = false;
                outcome.healthChanged(false);
            }
            if (consecutiveFailures >= Math.max(1, check.getConsecutiveFailures())) {
                stopped = true;
                schedule.cancel(false);
                outcome.unhealthyKill();
            }
        }
    }

    private boolean probe() {
        Duration timeout = Duration.ofMillis(Math.max(100, (long) (check.getTimeoutSeconds() * 1000)));
        try {
            return switch (type()) {
                case HTTP -> http(timeout);
                case TCP -> tcp(timeout);
                case COMMAND -> command(timeout);
                default -> false;
            };
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HealthCheck.Type type() {
        if (check.hasType() && check.getType() != HealthCheck.Type.UNKNOWN) {
            return check.getType();
        }
        // pre-1.2 schedulers set only the matching field
        return check.hasHttp() ? HealthCheck.Type.HTTP : check.hasTcp() ? HealthCheck.Type.TCP : HealthCheck.Type.COMMAND;
    }

    private boolean http(Duration timeout) throws IOException, InterruptedException {
        HealthCheck.HTTPCheckInfo info = check.getHttp();
        String scheme = info.hasScheme() ? info.getScheme() : "http";
        String path = info.getPath().startsWith("/") ? info.getPath() : "/" + info.getPath();
        HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + info.getPort() + path))
                .timeout(timeout).GET().build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        return status >= 200 && status < 400;
    }

    private boolean tcp(Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", check.getTcp().getPort()), (int) timeout.toMillis());
            return true;
        }
    }

    private boolean command(Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", check.getCommand().getValue())
                .directory(sandbox.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }
}
