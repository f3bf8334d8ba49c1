package io.borealis.deploy.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs PostgreSQL until the JVM is told to stop (SIGTERM), then stops it cleanly so no postgres process is
 * left behind. The data directory is kept: a second start finds every database and row the first one wrote.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    static final String READY = "Borealis embedded PostgreSQL ready";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final ServerSettings settings;
    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(ServerSettings settings, EmbeddedPostgres postgres) {
        this.settings = settings;
        this.postgres = postgres;
    }

    public static void main(String[] args) throws Exception {
        ServerSettings settings;
        try {
            settings = ServerSettings.from(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("embedded-postgres: " + e.getMessage());
            System.exit(2);
            return;
        }
        EmbeddedPostgresServer server = start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "postgres-stopper"));
        System.out.println(server.readyLine());
        System.out.flush();
        stopped.await();
    }

    /** Starts PostgreSQL on the settings' directory and port, initialising the directory only if it is empty. */
    static EmbeddedPostgresServer start(ServerSettings settings) throws IOException, SQLException {
        DataDirectory.prepare(settings.dataDir());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(settings.dataDir())
                .setCleanDataDirectory(false)
                .setPort(settings.port())
                .setServerConfig("listen_addresses", "127.0.0.1")
                // five services with small pools; fewer slots keep the shared memory small
                .setServerConfig("max_connections", "150")
                .setServerConfig("shared_buffers", "32MB")
                // the local suite keeps its data: undo zonky's test defaults (-F turns fsync off, asynchronous commit)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(settings, postgres);
        try {
            server.createMissingDatabases();
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    String readyLine() {
        return READY + " on 127.0.0.1:" + settings.port() + " (user postgres/postgres, databases "
                + String.join(",", settings.databases()) + ", data " + settings.dataDir() + ")";
    }

    /** Connections as the superuser to the given database. */
    DataSource database(String name) {
        return postgres.getDatabase("postgres", name);
    }

    private void createMissingDatabases() throws SQLException {
        try (Connection connection = database("postgres").getConnection()) {
            try (Statement statement = connection.createStatement()) {
                // initdb ran with trust auth; the password is set so clients configured with one work anywhere
                statement.execute("ALTER USER postgres PASSWORD 'postgres'");
            }
            for (String name : settings.databases()) {
                if (!exists(connection, name)) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("CREATE DATABASE \"" + name + "\"");
                    }
                    log.info("created database {}", name);
                }
            }
        }
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Stops PostgreSQL (fast shutdown: open sessions are ended, committed data is on disk). Idempotent. */
    @Override
    public void close() {
        try {
            postgres.close();
            log.info("PostgreSQL on port {} stopped", settings.port());
        } catch (IOException e) {
            log.error("could not stop PostgreSQL on port {}", settings.port(), e);
        }
    }
}
