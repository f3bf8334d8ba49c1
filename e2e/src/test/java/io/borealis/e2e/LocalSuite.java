package io.borealis.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole local suite, started with {@code deploy/local/up} on free ports and a temporary data
 * directory, and stopped with {@code deploy/local/down} — the same scripts a user runs.
 */
final class LocalSuite implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    /** The secret of webhook provider "e2e" in every suite these tests start. */
    static final String HOOK_SECRET = "e2e-hook-secret";

    final Path root;
    final Path data;
    final int gatewayPort;
    final int clusterPort;
    final int adminPort;
    final int schedulerPort;
    final int updatePort;
    private final List<String> upArgs;
    private final Map<String, String> env = new HashMap<>();

    private LocalSuite(Path root, Path data, List<String> upArgs) throws IOException {
        this.root = root;
        this.data = data;
        this.upArgs = upArgs;
        List<Integer> ports = freePorts(7);
        gatewayPort = ports.get(0);
        clusterPort = ports.get(1);
        adminPort = ports.get(2);
        schedulerPort = ports.get(4);
        updatePort = ports.get(5);
        env.put("BOREALIS_DATA", data.toString());
        env.put("BOREALIS_GATEWAY_PORT", String.valueOf(gatewayPort));
        env.put("BOREALIS_CLUSTER_PORT", String.valueOf(clusterPort));
        env.put("BOREALIS_ADMIN_PORT", String.valueOf(ports.get(2)));
        env.put("BOREALIS_JOB_PORT", String.valueOf(ports.get(3)));
        env.put("BOREALIS_SCHEDULER_PORT", String.valueOf(ports.get(4)));
        env.put("BOREALIS_UPDATE_PORT", String.valueOf(ports.get(5)));
        env.put("BOREALIS_DB_PORT", String.valueOf(ports.get(6)));
        // task ports away from the default 31000+ so a suite a developer runs meanwhile cannot collide
        env.put("BOREALIS_TASK_PORTS", String.valueOf(20000 + 100 * (int) (ProcessHandle.current().pid() % 50)));
        env.put("BOREALIS_PORTS_PER_AGENT", "100");
        // class-data-sharing archives only pay off on the second start; training them would compete with the test
        env.put("BOREALIS_CDS", "off");
        // the gateway takes webhooks of provider "e2e" signed with this secret (gateway/README.md, Webhooks)
        env.put("BOREALIS_HOOKS_PROVIDERS_E2E", HOOK_SECRET);
    }

    /** Starts the suite; {@code upArgs} go to every run of deploy/local/up, e.g. {@code "--schedulers", "2"}. */
    static LocalSuite start(String... upArgs) throws Exception {
        return start(Map.of(), upArgs);
    }

    /** Like {@link #start(String...)} with more environment for deploy/local/up, e.g. BOREALIS_CLUSTER_ARGS. */
    static LocalSuite start(Map<String, String> moreEnv, String... upArgs) throws Exception {
        Path root = Path.of(System.getProperty("borealis.root", "..")).toAbsolutePath().normalize();
        LocalSuite suite = new LocalSuite(root, Files.createTempDirectory("borealis-e2e-"), List.of(upArgs));
        suite.env.putAll(moreEnv);
        try {
            suite.up();
        } catch (Exception | AssertionError e) {
            suite.close();
            throw e;
        }
        return suite;
    }

    /**
     * Like {@link #start(String...)}, but runs the suite from a private copy of deploy/ and the
     * service jars (inside the data directory), so that a long test which restarts services keeps
     * running the same build while someone rebuilds the modules meanwhile. The jars must exist.
     */
    static LocalSuite startFromJarSnapshot(String... upArgs) throws Exception {
        Path repo = Path.of(System.getProperty("borealis.root", "..")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("borealis-e2e-");
        Path root = data.resolve("suite-root");
        LocalSuite suite = new LocalSuite(root, data, List.of(upArgs));
        try {
            snapshot(repo, root);
            suite.up();
        } catch (Exception | AssertionError e) {
            suite.close();
            throw e;
        }
        return suite;
    }

    /** Copies deploy/local, deploy/examples and each executable jar deploy/local/up looks for. */
    private static void snapshot(Path repo, Path root) throws IOException {
        for (String dir : List.of("deploy/local", "deploy/examples")) {
            Files.createDirectories(root.resolve(dir));
            try (Stream<Path> files = Files.list(repo.resolve(dir))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, root.resolve(dir).resolve(file.getFileName()));
                }
            }
        }
        Map<String, String> jars = Map.of("deploy/embedded-postgres", "embedded-postgres-server-*SNAPSHOT.jar",
                "local-cluster", "local-cluster-*SNAPSHOT-exec.jar", "job-service", "job-service-*SNAPSHOT.jar",
                "scheduler-service", "scheduler-service-*SNAPSHOT.jar", "update-service", "update-service-*SNAPSHOT.jar",
                "gateway", "gateway-*SNAPSHOT.jar", "admin", "admin-*SNAPSHOT.jar");
        for (Map.Entry<String, String> jar : jars.entrySet()) {
            Path target = repo.resolve(jar.getKey()).resolve("target");
            Path copyDir = Files.createDirectories(root.resolve(jar.getKey()).resolve("target"));
            try (var found = Files.newDirectoryStream(target, jar.getValue())) {
                Path source = found.iterator().next();
                Path copy = Files.copy(source, copyDir.resolve(source.getFileName()));
                try (var zip = new java.util.zip.ZipFile(copy.toFile())) {
                    zip.size(); // a jar copied while it was being written does not open
                }
            } catch (java.util.NoSuchElementException | java.nio.file.NoSuchFileException e) {
                throw new AssertionError("no " + jar.getValue() + " in " + target + ": build it first", e);
            }
        }
    }

    /** Runs deploy/local/up; also used to bring back a service the test stopped. */
    void up() throws IOException, InterruptedException {
        run("deploy/local/up", START_TIMEOUT, upArgs);
    }

    /** Port of scheduler-service instance {@code n} (1-based), as deploy/local/up assigns it. */
    int schedulerPort(int n) {
        return schedulerPort + 10 * (n - 1);
    }

    /** Pid-file and log name of scheduler-service instance {@code n} (1-based). */
    static String schedulerName(int n) {
        return n == 1 ? "scheduler-service" : "scheduler-service-" + n;
    }

    String gateway() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    String admin() {
        return "http://127.0.0.1:" + adminPort;
    }

    String master() {
        return "http://127.0.0.1:" + clusterPort;
    }

    /** The pid of a service that up started, from its pid file. */
    long pidOf(String service) throws IOException {
        return Long.parseLong(Files.readString(data.resolve("run").resolve(service + ".pid")).trim());
    }

    Path log(String service) {
        return data.resolve("logs").resolve(service + ".log");
    }

    private void run(String script, Duration timeout, List<String> args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("borealis-e2e-script", ".log");
        try {
            List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve(script).toString()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script + " did not finish within " + timeout + ":\n" + Files.readString(out));
            }
            String output = Files.readString(out);
            System.out.println(output);
            if (process.exitValue() != 0) {
                throw new AssertionError(script + " exited " + process.exitValue() + ":\n" + output);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run("deploy/local/down", Duration.ofMinutes(2), List.of());
        } finally {
            keepLogs();
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Copies the services' logs and the tasks' stdout/stderr to target/suite-logs, for a failure's post-mortem. */
    private void keepLogs() throws IOException {
        Path kept = Path.of("target", "suite-logs").toAbsolutePath();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".log") || name.equals("stdout") || name.equals("stderr")) {
                    Path target = kept.resolve(data.relativize(file));
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
