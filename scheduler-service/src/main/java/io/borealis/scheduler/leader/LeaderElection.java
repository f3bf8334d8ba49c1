package io.borealis.scheduler.leader;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
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
 * (a conditional UPDATE on holder and epoch); a standby takes it over once it has expired. Every
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

    /** One round: renew if we lead, else try to take an expired lease. */
    synchronized void tick() {
        long askedAt = System.nanoTime();
        double seconds = properties.lease().toMillis() / 1000.0;
        try {
            long current = epoch;
            if (current != 0) {
                int renewed = jdbc.update("""
                        UPDATE leader_lease SET expires_at = now() + make_interval(secs => ?)
                        WHERE name = ? AND holder = ? AND epoch = ?""", seconds, LOCK, self, current);
                if (renewed == 1) {
                    validUntilNanos = askedAt + properties.lease().toNanos();
                    return;
                }
                depose("another instance took the lease over");
            }
            List<Long> taken = jdbc.queryForList("""
                    UPDATE leader_lease SET holder = ?, epoch = epoch + 1, since = now(),
                           expires_at = now() + make_interval(secs => ?)
                    WHERE name = ? AND (expires_at < now() OR (holder = ? AND ?)) RETURNING epoch""",
                    Long.class, self, seconds, LOCK, self, !everLed);
            if (!taken.isEmpty()) {
                validUntilNanos = askedAt + properties.lease().toNanos();
                everLed = true;
                epoch = taken.get(0);
                log.info("{} leads with epoch {}", self, epoch);
                publisher.publishEvent(new LeaderEvent.Elected(epoch));
            } else {
                tryAgainAtExpiry();
            }
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
     * A standby asks again the moment the lease it lost to runs out (by the database's clock), when
     * that comes before its next regular round: a dead leader is replaced up to one round sooner.
     */
    private void tryAgainAtExpiry() {
        ScheduledExecutorService running = executor;
        List<Double> left = jdbc.queryForList(
                "SELECT EXTRACT(EPOCH FROM (expires_at - now()))::float8 FROM leader_lease WHERE name = ?",
                Double.class, LOCK);
        if (running == null || running.isShutdown() || left.isEmpty() || left.get(0) == null) {
            return;
        }
        long delayMillis = Math.max(0, Math.round(left.get(0) * 1000)) + 20;
        if (delayMillis < properties.renewInterval().toMillis()) {
            running.schedule(this::tick, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void depose(String why) {
        long was = epoch;
        if (was == 0) {
            return;
        }
        epoch = 0;
        log.warn("{} no longer leads (epoch {}): {}", self, was, why);
        publisher.publishEvent(new LeaderEvent.Deposed(was, why));
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "leader-election");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.renewInterval().toMillis();
        executor.scheduleWithFixedDelay(this::tick, 0, period, TimeUnit.MILLISECONDS);
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
