package io.borealis.update;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * update-service as a real separate process ({@code java -jar target/update-service-*.jar}), started
 * and SIGKILLed at will. Each run's output goes to its own log file under {@code target/}. Close it
 * (try-with-resources) so the process dies even when the test fails.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "update-service-0.1.0-SNAPSHOT.jar");

    private final List<String> args;
    private final Path logs;
    private final int port;
    private volatile Process process;
    private int runs;
    /** Kills the process if the test JVM exits without closing this (a crash, a timeout). */
    private final Thread reaper = new Thread(this::kill, "service-process-reaper");

    /** @param args Spring arguments ({@code --key=value}); the port is chosen here */
    public ServiceProcess(List<String> args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the package phase first");
        }
        this.port = freePort();
        this.args = List.copyOf(args);
        this.logs = Files.createDirectories(Path.of("target", "service-process-logs"));
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    public int port() {
        return port;
    }

    /** Starts the service and waits until it answers its health endpoint. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", JAR.toString(), "--server.port=" + port, "--server.address=127.0.0.1"));
        command.addAll(args);
        Path log = logs.resolve("port-" + port + "-run-" + (++runs) + ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process started = process;
        Http http = new Http(port);
        await("update-service on port " + port + " (log " + log + ")").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> !started.isAlive() || answers(http));
        if (!started.isAlive()) {
            throw new IllegalStateException("update-service exited with " + started.exitValue() + ", see " + log);
        }
    }

    private static boolean answers(Http http) {
        try {
            return http.get("/actuator/health").status() == 200;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flushing, nothing graceful. Waits until the process is gone. */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("update-service did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
