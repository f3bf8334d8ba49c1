package io.borealis.scheduler.leader;

import io.borealis.scheduler.concurrent.Daemons;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Holds, renews and gives up the leader lease. Every {@code renewInterval} the leader extends it
 * (a conditional UPDATE on holder and epoch); every {@code probeInterval} a standby looks whether it
 * may take it over: once it has expired, or at once when the leader's process is gone
 * ({@link LeaderPresence}). Every
 * acquisition bumps the epoch, also a restarted process that takes its own id's live lease back, so
 * writes of the process it replaces are fenced.
 * The leader also counts the lease down on its own clock from the moment it asked for the renewal,
 * so if the database cannot be reached it steps down before anyone else can take over.
 */
@Component
public class LeaderElection implements SmartLifecycle {

    static final String LOCK = "scheduler";
    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

    private final JdbcTemplate jdbc;
    private final LeaderProperties properties;
    private final ApplicationEventPublisher publisher;
    private final String self;
    private final LeaderPresence presence;
    private volatile ScheduledExecutorService executor;
    /** Our epoch while we lead, 0 otherwise. */
    private volatile long epoch;
    private volatile long validUntilNanos;
    /**
     * Whether this process has ever led. Only a process that never led may take a live lease held
     * under its own id (it is that id restarted before its old lease expired); one that led and was
     * deposed waits for expiry, so two live processes under one id never take the lease from each other.
     */
    private volatile boolean everLed;

    LeaderElection(DataSource dataSource, LeaderProperties properties, ApplicationEventPublisher publisher) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.presence = new LeaderPresence(dataSource);
        this.properties = properties;
        this.publisher = publisher;
        this.self = properties.id().isBlank() ? defaultId() : properties.id();
    }

    /** Whether we hold the lease and it has not run out on our own clock. */
    public boolean isLeader() {
        return epoch != 0 && System.nanoTime() - validUntilNanos < 0;
    }

    /** Our epoch while we lead, 0 otherwise. */
    public long epoch() {
        return epoch;
    }

    /** This instance's name in the lease. */
    public String self() {
        return self;
    }

    /** The lease as the database has it now. */
    public Optional<Lease> lease() {
        List<Lease> rows = jdbc.query("SELECT holder, epoch, since, expires_at FROM leader_lease WHERE name = ?",
                (rs, i) -> new Lease(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant()), LOCK);
        return rows.stream().findFirst();
    }

    /**
     * Whether the database, asked now, says we hold the lease with our epoch: checked before anything
     * that would take the Mesos framework over (a SUBSCRIBE), since the local view may lag a takeover.
     */
    public boolean holdsLease() {
        long mine = epoch;
        return mine != 0 && isLeader()
                && lease().filter(l -> l.epoch() == mine && self.equals(l.holder())).isPresent();
    }

    /** One round: renew if we lead, else take the lease over if it expired or its leader is gone. */
    synchronized void tick() {
        long askedAt = System.nanoTime();
        double seconds = properties.lease().toMillis() / 1000.0;
        try {
            long current = epoch;
            if (current != 0) {
                // counted from when the row is written (clock_timestamp), not from when the statement
                // began: should it wait (a takeover in progress), a late renewal must not be born expired
                int renewed = jdbc.update("""
                        UPDATE leader_lease SET expires_at = clock_timestamp() + make_interval(secs => ?)
                        WHERE name = ? AND holder = ? AND epoch = ?""", seconds, LOCK, self, current);
                if (renewed == 1) {
                    validUntilNanos = askedAt + properties.lease().toNanos();
                    // marks the epoch again if the presence connection was lost; if a standby holds the
                    // mark by now, it is taking the lease over and our next renewal finds that out
                    presence.claim(current);
                    return;
                }
                depose("another instance took the lease over");
            }
            takeOverIfFree(askedAt, seconds);
        } catch (DataAccessException e) {
            log.warn("Leader lease round failed: {}", e.getMessage());
            if (epoch != 0 && System.nanoTime() - validUntilNanos >= 0) {
                depose("lease could not be renewed in time: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("Leader lease round failed", e);
        }
    }

    /**
     * Takes the lease when it expired (by the database's clock), when no live process marks its epoch
     * (the leader died: see {@link LeaderPresence}), or when it is held under our own id by a process
     * we replace (a restart before the old lease ran out). The new epoch is marked before the lease is
     * taken, so two standbys never both take it and a standby never finds a live leader unmarked.
     */
    private void takeOverIfFree(long askedAt, double seconds) {
        Seen seen = jdbc.queryForObject(
                "SELECT holder, epoch, expires_at < now() FROM leader_lease WHERE name = ?",
                (rs, i) -> new Seen(rs.getString(1), rs.getLong(2), rs.getBoolean(3)), LOCK);
        boolean replacingSelf = self.equals(seen.holder()) && !everLed;
        boolean leaderGone = !seen.expired() && !replacingSelf && presence.vacant(seen.epoch());
        if (!seen.expired() && !replacingSelf && !leaderGone) {
            return;
        }
        long next = seen.epoch() + 1;
        if (!presence.claim(next)) {
            return; // another standby is taking it over right now
        }
        // FOR UPDATE first: it waits for the old leader's write transactions (their fence holds the
        // row FOR KEY SHARE), which a plain UPDATE of non-key columns would not; the conditions are
        // checked again on the row as it is once locked
        List<Long> taken = jdbc.queryForList("""
                WITH locked AS (SELECT name FROM leader_lease WHERE name = ? FOR UPDATE)
                UPDATE leader_lease SET holder = ?, epoch = ?, since = clock_timestamp(),
                       expires_at = clock_timestamp() + make_interval(secs => ?)
                FROM locked
                WHERE leader_lease.name = locked.name AND leader_lease.epoch = ?
                  AND (leader_lease.expires_at < clock_timestamp() OR ?)
                RETURNING leader_lease.epoch""",
                Long.class, LOCK, self, next, seconds, seen.epoch(), replacingSelf || leaderGone);
        if (taken.isEmpty()) {
            presence.release(next);
            return;
        }
        validUntilNanos = askedAt + properties.lease().toNanos();
        everLed = true;
        epoch = next;
        log.info("{} leads with epoch {} ({})", self, next, seen.expired() ? "the lease had expired"
                : leaderGone ? "no live process held epoch " + seen.epoch() : "replacing a process of the same id");
        publisher.publishEvent(new LeaderEvent.Elected(next));
    }

    /** The lease row as a standby judges it. */
    private record Seen(String holder, long epoch, boolean expired) {
    }

    private void depose(String why) {
        long was = epoch;
        if (was == 0) {
            return;
        }
        epoch = 0;
        try {
            presence.release(was);
        } catch (DataAccessException e) {
            log.debug("Could not drop the presence mark of epoch {}: {}", was, e.getMessage());
        }
        log.warn("{} no longer leads (epoch {}): {}", self, was, why);
        publisher.publishEvent(new LeaderEvent.Deposed(was, why));
    }

    @Override
    public void start() {
        executor = Daemons.scheduler("leader-election");
        executor.execute(this::round);
    }

    /** A tick, then the next one: after {@code renewInterval} while we lead, {@code probeInterval} while we stand by. */
    private void round() {
        tick();
        ScheduledExecutorService running = executor;
        Duration next = epoch != 0 ? properties.renewInterval() : properties.probeInterval();
        if (running != null) {
            try {
                running.schedule(this::round, next.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    /** Stops acting first (the subscription ends), then hands the lease back so a standby need not wait for it to expire. */
    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            long was = epoch;
            depose("shutting down");
            if (was != 0) {
                try {
                    jdbc.update("UPDATE leader_lease SET expires_at = now() - interval '1 second' "
                            + "WHERE name = ? AND holder = ? AND epoch = ?", LOCK, self, was);
                    log.info("{} released the lease (epoch {})", self, was);
                } catch (DataAccessException e) {
                    log.warn("Could not release the lease; it expires by itself: {}", e.getMessage());
                }
            }
            presence.close();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** The last to start (everything that reacts to leadership is ready) and the first to stop. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE;
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" + UUID.randomUUID().toString().substring(0, 4);
    }
}
