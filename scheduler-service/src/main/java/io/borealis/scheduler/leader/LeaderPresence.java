package io.borealis.scheduler.leader;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Tells a dead leader from a slow one. Before an instance takes the lease at epoch {@code n} it takes
 * the session-level advisory lock {@code (KEY, n)} on a connection of its own that it keeps open while
 * it leads. PostgreSQL releases a session's advisory locks the moment its backend sees the connection
 * close, which is at once when the process dies (the kernel closes its sockets, SIGKILL included).
 * So a standby that can take {@code (KEY, n)} for the lease's current epoch knows that no live process
 * leads at that epoch and may take the lease without waiting for it to expire; while the lock is held
 * (a leader that is alive, even paused in a long GC) only expiry hands the lease over, as before.
 * A leader whose connection alone broke (a database restart, a network cut) loses its mark as well:
 * a standby then takes over early, and the fence refuses the old leader's writes as for any takeover.
 * <p>
 * Not thread-safe: {@link LeaderElection} calls it only under its own monitor.
 */
final class LeaderPresence implements AutoCloseable {

    /** First half of the advisory lock key: "Bore" in ASCII; the second half is the epoch. */
    static final int KEY = 0x426f7265;

    private final DataSource dataSource;
    private Connection connection;
    /** Epochs whose lock this session holds (each taken once: advisory locks count re-entries). */
    private final Set<Long> held = new HashSet<>();

    LeaderPresence(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Takes the mark of {@code epoch} for this process; false when another live session holds it
     * (another instance claims or leads that epoch). Holding it already is checked to be still true.
     */
    boolean claim(long epoch) {
        try {
            if (held.contains(epoch)) {
                if (connection != null && connection.isValid(2)) {
                    return true;
                }
                close(); // the session is gone, and every mark with it
            }
            if (tryLock(epoch)) {
                held.add(epoch);
                return true;
            }
            return false;
        } catch (SQLException e) {
            throw broken(e);
        }
    }

    /**
     * Whether no live session marks {@code epoch}, so its leader is gone. Never true for an epoch this
     * process marks itself.
     */
    boolean vacant(long epoch) {
        if (held.contains(epoch)) {
            return false;
        }
        try {
            if (!tryLock(epoch)) {
                return false;
            }
            unlock(epoch);
            return true;
        } catch (SQLException e) {
            throw broken(e);
        }
    }

    /** Drops the mark of {@code epoch} if this process holds it. */
    void release(long epoch) {
        if (!held.remove(epoch)) {
            return;
        }
        try {
            unlock(epoch);
        } catch (SQLException e) {
            throw broken(e);
        }
    }

    /** Closing the connection drops every mark. */
    @Override
    public void close() {
        held.clear();
        Connection open = connection;
        connection = null;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException ignored) {
                // the session, and with it its locks, ends either way
            }
        }
    }

    private boolean tryLock(long epoch) throws SQLException {
        return bool("SELECT pg_try_advisory_lock(?, ?)", epoch);
    }

    private void unlock(long epoch) throws SQLException {
        bool("SELECT pg_advisory_unlock(?, ?)", epoch);
    }

    private boolean bool(String sql, long epoch) throws SQLException {
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            statement.setInt(1, KEY);
            statement.setInt(2, (int) epoch);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = dataSource.getConnection();
            opened.setAutoCommit(true);
            connection = opened;
        }
        return connection;
    }

    /** A failed call may have lost the session: start over with a new one next time. */
    private DataAccessResourceFailureException broken(SQLException e) {
        close();
        return new DataAccessResourceFailureException("leader presence connection failed: " + e.getMessage(), e);
    }
}
