package io.borealis.scheduler.desired;

import io.borealis.api.job.DesiredState;
import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobView;
import io.borealis.scheduler.concurrent.Daemons;
import io.borealis.scheduler.leader.LeaderEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The desired state as last read from job-service. A full read happens at start, whenever the job
 * event stream (re)connects, every {@code pollInterval} while that stream is down and every
 * {@code resyncInterval} while it is up; in between, each job event re-reads only the job it names
 * ({@link #refreshJob}). So the cost of following job-service grows with what changes, not with the
 * size of the registry. Every change is published as {@link DesiredStateChanged} naming the jobs
 * that differ. All reads run on one thread, in the order asked.
 * <p>
 * A standby's copy may lag job-service (by up to a poll, or an event in flight), and a new leader
 * acting on it would kill the tasks of a job created meanwhile as "no longer desired". So election
 * asks for a full read at once, and {@link #freshSinceElection()} stays false until a full read that
 * started after the election has completed; the leader's loops wait for it — at most
 * {@link #ELECTION_READ_WAIT}: if job-service cannot be read by then, the last copy is used rather
 * than leave failed tasks unreplaced.
 */
@Component
public class DesiredStateCache implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DesiredStateCache.class);
    /** More jobs than this waiting to be re-read one by one: one full read is cheaper. */
    private static final int MAX_SINGLE_READS = 200;
    /** How long a new leader waits for desired state read after its election before it acts on its last copy. */
    static final Duration ELECTION_READ_WAIT = Duration.ofSeconds(15);

    private final DesiredStateClient client;
    private final DesiredStateProperties properties;
    private final ApplicationEventPublisher publisher;
    private final AtomicBoolean fullQueued = new AtomicBoolean();
    private final AtomicBoolean jobsQueued = new AtomicBoolean();
    private final Set<JobKey> dirty = ConcurrentHashMap.newKeySet();
    private volatile Snapshot current;
    private volatile ScheduledExecutorService executor;
    private volatile boolean failing;
    private volatile boolean streaming;
    /** When the last full read succeeded (nanoTime); only touched on the reading thread. */
    private long lastFullRead;
    /** How many times this instance was elected; the full read that completes starting after the latest one sets {@link #readFor}. */
    private final AtomicLong elections = new AtomicLong();
    private volatile long readFor;
    private volatile long electedAtNanos;

    /** Every desired job by key, as read; {@code state} is the same as one value, built once. */
    private record Snapshot(Map<JobKey, JobView> jobs, DesiredState state) {

        static Snapshot of(long lastEventId, Map<JobKey, JobView> jobs) {
            return new Snapshot(Map.copyOf(jobs), new DesiredState(lastEventId, List.copyOf(jobs.values())));
        }
    }

    DesiredStateCache(DesiredStateClient client, DesiredStateProperties properties, ApplicationEventPublisher publisher) {
        this.client = client;
        this.properties = properties;
        this.publisher = publisher;
    }

    /** The last successful read; empty until the first full read succeeds. */
    public Optional<DesiredState> current() {
        Snapshot snapshot = current;
        return snapshot == null ? Optional.empty() : Optional.of(snapshot.state());
    }

    /** One desired job; empty if it is not desired (or nothing was read yet). */
    public Optional<JobView> job(JobKey key) {
        Snapshot snapshot = current;
        return snapshot == null ? Optional.empty() : Optional.ofNullable(snapshot.jobs().get(key));
    }

    /**
     * Whether a full read that started after this instance's latest election has completed (or the
     * election is {@link #ELECTION_READ_WAIT} old): a new leader acts only on desired state read after
     * it won. Always true on an instance never elected.
     */
    public boolean freshSinceElection() {
        return readFor == elections.get() || System.nanoTime() - electedAtNanos > ELECTION_READ_WAIT.toNanos();
    }

    @EventListener
    void onLeadership(LeaderEvent event) {
        if (event instanceof LeaderEvent.Elected) {
            electedAtNanos = System.nanoTime();
            elections.incrementAndGet();
            refresh();
        }
    }

    /** Asks for a full read soon; calls that arrive while one is queued are merged. */
    public void refresh() {
        ScheduledExecutorService running = executor;
        if (running != null && fullQueued.compareAndSet(false, true)) {
            running.execute(this::readAll);
        }
    }

    /** Asks for a read of one job soon (a job event named it); bursts are merged. */
    public void refreshJob(JobKey key) {
        dirty.add(key);
        ScheduledExecutorService running = executor;
        if (running != null && jobsQueued.compareAndSet(false, true)) {
            running.execute(this::readDirtyJobs);
        }
    }

    /** The job event stream is connected (events then keep this cache current) or not (polling does). */
    void streaming(boolean connected) {
        streaming = connected;
    }

    private void tick() {
        long sinceFull = System.nanoTime() - lastFullRead;
        Duration due = streaming ? properties.resyncInterval() : properties.pollInterval();
        if (current == null || failing || sinceFull >= due.toNanos()) {
            refresh();
        }
    }

    private void readAll() {
        fullQueued.set(false);
        dirty.clear(); // a full read started after they were marked covers them
        long election = elections.get();
        try {
            DesiredState state = client.read();
            recovered(state.jobs().size());
            lastFullRead = System.nanoTime();
            Map<JobKey, JobView> jobs = new LinkedHashMap<>();
            state.jobs().forEach(job -> jobs.put(job.key(), job));
            Snapshot previous = current;
            current = Snapshot.of(state.lastEventId(), jobs);
            Set<JobKey> changed = previous == null ? new HashSet<>(jobs.keySet()) : changed(previous.jobs(), jobs);
            boolean firstSinceElection = readFor != election;
            readFor = election;
            if (previous == null || !changed.isEmpty() || firstSinceElection) {
                publisher.publishEvent(new DesiredStateChanged(changed, firstSinceElection));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed("Cannot read desired state (keeping the last one): {}", e);
        }
    }

    private void readDirtyJobs() {
        jobsQueued.set(false);
        Snapshot base = current;
        if (dirty.isEmpty() || base == null) {
            return; // nothing asked, or no full read yet (which will cover them)
        }
        if (dirty.size() > MAX_SINGLE_READS) {
            readAll();
            return;
        }
        Map<JobKey, JobView> jobs = new LinkedHashMap<>(base.jobs());
        Set<JobKey> changed = new HashSet<>();
        for (JobKey key : List.copyOf(dirty)) {
            dirty.remove(key);
            try {
                Optional<JobView> read = client.readJob(key);
                JobView before = read.isPresent() ? jobs.put(key, read.get()) : jobs.remove(key);
                if (!Objects.equals(before, read.orElse(null))) {
                    changed.add(key);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failed("Cannot read job " + key + " (a full read follows): {}", e);
                break;
            }
        }
        if (!changed.isEmpty()) {
            current = Snapshot.of(base.state().lastEventId(), jobs);
            publisher.publishEvent(new DesiredStateChanged(changed));
        }
    }

    private static Set<JobKey> changed(Map<JobKey, JobView> before, Map<JobKey, JobView> after) {
        Set<JobKey> changed = new HashSet<>();
        after.forEach((key, job) -> {
            if (!job.equals(before.get(key))) {
                changed.add(key);
            }
        });
        before.keySet().stream().filter(key -> !after.containsKey(key)).forEach(changed::add);
        return changed;
    }

    private void recovered(int jobs) {
        if (failing) {
            log.info("Desired state readable again ({} jobs)", jobs);
            failing = false;
        }
    }

    private void failed(String message, Exception e) {
        if (!failing) {
            log.warn(message, e.toString());
            failing = true; // the next tick reads everything again
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Daemons.scheduler("desired-state");
        executor = started;
        long period = Math.min(properties.pollInterval().toMillis(), properties.resyncInterval().toMillis());
        started.scheduleWithFixedDelay(this::tick, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    /** Started before the Mesos subscription, whose events it handles. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1000;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
