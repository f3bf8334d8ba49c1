package io.borealis.deploy.postgres;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a kept data directory usable again before the server starts on it: refuses a directory another server
 * is using, stops a postmaster orphaned by a killed server (SIGKILL skips shutdown hooks), and repairs the
 * permissions PostgreSQL insists on (owner only).
 */
final class DataDirectory {

    /** The lock file zonky holds while a server runs on the directory. */
    static final String LOCK_FILE = "epg-lock";
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private DataDirectory() {
    }

    static void prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (!holdsCluster(dir)) {
            return; // initdb will run on it
        }
        refuseIfInUse(dir);
        orphanedPostmaster(dir).ifPresent(postmaster -> stop(dir, postmaster));
        restrictPermissions(dir);
        checkOwner(dir);
    }

    static boolean holdsCluster(Path dir) {
        return Files.exists(dir.resolve("PG_VERSION")) && Files.exists(dir.resolve("postgresql.conf"));
    }

    private static void refuseIfInUse(Path dir) throws IOException {
        Path lockFile = dir.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
             FileLock lock = file.getChannel().tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("data directory " + dir + " is in use by another running server");
            }
        }
    }

    /** The postmaster named in postmaster.pid, if that process is still a live postgres. */
    static Optional<ProcessHandle> orphanedPostmaster(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(DataDirectory::isRunning)
                .filter(process -> process.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    }

    /**
     * SIGINT is PostgreSQL's fast shutdown (sessions ended, data flushed, postmaster.pid removed). pg_ctl is no
     * use here: run by hand as root it refuses to work. SIGKILL only if the postmaster does not stop in time.
     */
    private static void stop(Path dir, ProcessHandle postmaster) {
        log.warn("stopping orphaned postmaster {} left running on {}", postmaster.pid(), dir);
        Path pidFile = dir.resolve("postmaster.pid");
        try {
            new ProcessBuilder("kill", "-INT", String.valueOf(postmaster.pid())).inheritIO().start().waitFor();
            if (awaitGone(postmaster, pidFile, ORPHAN_STOP_WAIT)) {
                return;
            }
        } catch (IOException e) {
            log.warn("could not signal postmaster {}: {}", postmaster.pid(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping postmaster " + postmaster.pid(), e);
        }
        log.warn("postmaster {} did not stop within {}; killing it", postmaster.pid(), ORPHAN_STOP_WAIT);
        postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
        postmaster.destroyForcibly();
        try {
            awaitGone(postmaster, dir.resolve("no-such-file"), ORPHAN_STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitGone(ProcessHandle process, Path pidFile, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isRunning(process) && !Files.exists(pidFile)) {
                return true;
            }
            Thread.sleep(100); // polling a process we do not own; there is nothing to wait on
        }
        return false;
    }

    /**
     * Alive and not a zombie. An exited postgres stays a zombie until init reaps it, and ProcessHandle counts
     * zombies as alive.
     */
    static boolean isRunning(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName > 0 && stat.length() > afterName + 2 && stat.charAt(afterName + 2) != 'Z';
        } catch (IOException e) {
            return process.isAlive() && !Files.isDirectory(Path.of("/proc"));
        }
    }

    private static void restrictPermissions(Path dir) throws IOException {
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(dir);
        if (!current.equals(OWNER_ONLY) && !current.equals(PosixFilePermissions.fromString("rwxr-x---"))) {
            log.warn("data directory {} had permissions {}; PostgreSQL needs 0700, fixing",
                    dir, PosixFilePermissions.toString(current));
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
    }

    /**
     * PostgreSQL runs only on a directory owned by its own user. As root, zonky's binaries decide that user
     * themselves (root or nobody), so only a non-root mismatch is known to fail.
     */
    private static void checkOwner(Path dir) throws IOException {
        String owner = Files.getOwner(dir).getName();
        String me = System.getProperty("user.name");
        if (!owner.equals(me) && !"root".equals(me)) {
            throw new IllegalStateException("data directory " + dir + " belongs to '" + owner
                    + "' but this server runs as '" + me + "'; run it as '" + owner + "' or chown -R the directory");
        }
    }
}
