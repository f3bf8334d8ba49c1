package io.borealis.deploy.postgres;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What to run: where the data lives, which port to listen on and which databases must exist.
 *
 * @param dataDir   the PostgreSQL data directory; initialised only when it holds no cluster yet, never cleaned
 * @param port      the TCP port on 127.0.0.1
 * @param databases databases created when missing (one per service)
 */
record ServerSettings(Path dataDir, int port, List<String> databases) {

    static final Path DEFAULT_DATA_DIR = Path.of("data", "postgres");
    static final int DEFAULT_PORT = 15432;
    static final String DEFAULT_DATABASES = "job_service,scheduler_service,update_service";

    /** Lower-case SQL identifiers only, so a name never needs quoting rules beyond double quotes. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    ServerSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        for (String name : databases) {
            if (!DATABASE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("database name '" + name + "' must match " + DATABASE_NAME);
            }
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        databases = List.copyOf(databases);
    }

    /**
     * Reads {@code --data-dir=}, {@code --port=} and {@code --databases=} from the arguments, falling back to
     * the environment variables {@code BOREALIS_PG_DATA}, {@code BOREALIS_DB_PORT} and
     * {@code BOREALIS_PG_DATABASES}, then to the defaults.
     */
    static ServerSettings from(String[] args, Map<String, String> env) {
        String dataDir = env.getOrDefault("BOREALIS_PG_DATA", DEFAULT_DATA_DIR.toString());
        String port = env.getOrDefault("BOREALIS_DB_PORT", String.valueOf(DEFAULT_PORT));
        String databases = env.getOrDefault("BOREALIS_PG_DATABASES", DEFAULT_DATABASES);
        for (String arg : args) {
            if (arg.startsWith("--data-dir=")) {
                dataDir = value(arg);
            } else if (arg.startsWith("--port=")) {
                port = value(arg);
            } else if (arg.startsWith("--databases=")) {
                databases = value(arg);
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg
                        + "'; use --data-dir=DIR --port=N --databases=a,b,c");
            }
        }
        return new ServerSettings(Path.of(dataDir), parsePort(port), split(databases));
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    private static int parsePort(String port) {
        try {
            return Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number, was '" + port + "'");
        }
    }

    private static List<String> split(String databases) {
        return Arrays.stream(databases.split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .toList();
    }
}
