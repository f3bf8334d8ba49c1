package io.borealis.deploy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real PostgreSQL processes on a temporary data directory and a free port. */
class EmbeddedPostgresServerIT {

    private static final List<String> DATABASES = List.of("job_service", "scheduler_service", "update_service");

    @TempDir
    Path temp;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<ProcessHandle> seenPostgres = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        seenPostgres.stream().filter(DataDirectory::isRunning).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void keepsDataAcrossRestartsAndLeavesNoProcessBehind() throws Exception {
        ServerSettings settings = new ServerSettings(temp.resolve("pg"), freePort(), DATABASES);

        EmbeddedPostgresServer first = started(settings);
        List<ProcessHandle> firstProcesses = postgresProcesses(settings.dataDir());
        assertThat(databases(first)).containsAll(DATABASES);
        execute(first, "job_service", "CREATE TABLE jobs (name text PRIMARY KEY)",
                "INSERT INTO jobs VALUES ('web/devel/hello')");
        first.close();

        assertThat(firstProcesses).isNotEmpty();
        awaitAllStopped(firstProcesses);
        assertThat(settings.dataDir().resolve("postmaster.pid")).doesNotExist();

        EmbeddedPostgresServer second = started(settings);
        assertThat(query(second, "job_service", "SELECT name FROM jobs")).containsExactly("web/devel/hello");
        second.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> postgresProcesses(settings.dataDir()).isEmpty());
    }

    @Test
    void sigtermStopsPostgresCleanly() throws Exception {
        ServerSettings settings = new ServerSettings(temp.resolve("pg"), freePort(), DATABASES);
        Process server = startProcess(settings);
        List<ProcessHandle> postgres = postgresProcesses(settings.dataDir());
        assertThat(postgres).isNotEmpty();

        server.destroy(); // SIGTERM, as deploy/local/down sends it

        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        awaitAllStopped(postgres);
        assertThat(settings.dataDir().resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void restartAfterSigkillStopsTheOrphanedPostmasterAndKeepsData() throws Exception {
        ServerSettings settings = new ServerSettings(temp.resolve("pg"), freePort(), DATABASES);
        Process killed = startProcess(settings);
        List<ProcessHandle> orphans = postgresProcesses(settings.dataDir());
        killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // no shutdown hook runs
        assertThat(orphans).anyMatch(DataDirectory::isRunning);
        Files.setPosixFilePermissions(settings.dataDir(), PosixFilePermissions.fromString("rwxr-xr-x"));

        EmbeddedPostgresServer restarted = started(settings);

        awaitAllStopped(orphans);
        assertThat(databases(restarted)).containsAll(DATABASES);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.dataDir())))
                .isEqualTo("rwx------");
    }

    @Test
    void refusesADataDirectoryAnotherServerIsUsing() throws Exception {
        ServerSettings settings = new ServerSettings(temp.resolve("pg"), freePort(), DATABASES);
        startProcess(settings);

        ServerSettings sameDir = new ServerSettings(settings.dataDir(), freePort(), DATABASES);
        assertThatThrownBy(() -> started(sameDir))
                .hasMessageContaining("in use by another running server");
        assertThat(postgresProcesses(settings.dataDir())).isNotEmpty();
    }

    /** Exited processes may linger as zombies until init reaps them; those count as stopped. */
    private static void awaitAllStopped(List<ProcessHandle> processes) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(processes).noneMatch(DataDirectory::isRunning));
    }

    private EmbeddedPostgresServer started(ServerSettings settings) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(settings);
        cleanup.add(server);
        seenPostgres.addAll(postgresProcesses(settings.dataDir()));
        return server;
    }

    /** Runs the real main class in its own JVM and waits for its ready line. */
    private Process startProcess(ServerSettings settings) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                EmbeddedPostgresServer.class.getName(), "--data-dir=" + settings.dataDir(),
                "--port=" + settings.port(), "--databases=" + String.join(",", settings.databases()))
                .redirectErrorStream(true)
                .start();
        cleanup.add(() -> {
            process.destroy(); // SIGTERM first, so its shutdown hook stops PostgreSQL
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        });
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> awaitReadyLine(process));
        assertThat(ready.get(60, TimeUnit.SECONDS)).as("ready line").isTrue();
        seenPostgres.addAll(postgresProcesses(settings.dataDir()));
        return process;
    }

    private static boolean awaitReadyLine(Process process) {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(EmbeddedPostgresServer.READY)) {
                    // keep draining so the child never blocks on a full pipe
                    Thread drain = new Thread(() -> drain(out));
                    drain.setDaemon(true);
                    drain.start();
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void drain(BufferedReader out) {
        try {
            out.lines().forEach(ignored -> { });
        } catch (UncheckedIOException closedWhenTheProcessWasStopped) {
            // nothing more to read
        }
    }

    /** The postmaster working on this directory and all its children. */
    private static List<ProcessHandle> postgresProcesses(Path dataDir) {
        List<ProcessHandle> result = new ArrayList<>();
        ProcessHandle.allProcesses()
                .filter(DataDirectory::isRunning)
                .filter(p -> p.info().commandLine().map(c -> c.contains("/postgres ") && c.contains(dataDir.toString()))
                        .orElse(false))
                .forEach(postmaster -> {
                    result.add(postmaster);
                    postmaster.descendants().forEach(result::add);
                });
        return result;
    }

    private static List<String> databases(EmbeddedPostgresServer server) throws Exception {
        return query(server, "postgres", "SELECT datname FROM pg_database");
    }

    private static void execute(EmbeddedPostgresServer server, String database, String... statements)
            throws Exception {
        try (Connection connection = server.database(database).getConnection();
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static List<String> query(EmbeddedPostgresServer server, String database, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = server.database(database).getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
