package io.borealis.scheduler.mesos;

import io.borealis.scheduler.concurrent.Daemons;
import io.borealis.scheduler.leader.LeaderElection;
import io.borealis.scheduler.leader.LeaderEvent;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The subscription: SUBSCRIBE on its own connection, read the RecordIO stream, publish each event.
 * Only the leader subscribes: the reader starts when this instance is elected and is stopped when
 * it is deposed. A watchdog declares the stream dead after {@code missedHeartbeats} silent heartbeat
 * intervals; then the stream id and every offer are forgotten and we re-subscribe with capped backoff.
 */
@Component
public class MesosConnection implements SmartLifecycle {

    /** The live subscription; calls need both values. */
    record Session(String streamId, String frameworkId) {
    }

    private static final Logger log = LoggerFactory.getLogger(MesosConnection.class);

    private final MesosProperties properties;
    private final MasterClient master;
    private final FrameworkIdStore frameworkIds;
    private final ApplicationEventPublisher publisher;
    private final ScheduledExecutorService watchdog = Daemons.scheduler("mesos-watchdog");

    private volatile boolean running;
    private volatile Thread reader;
    private volatile Session session;
    private volatile InputStream stream;
    private volatile Instant lastEventAt = Instant.now();
    private volatile Duration heartbeat = Duration.ofSeconds(15);

    private final LeaderElection election;

    /** Told of every UPDATE; resolved at the first one (they depend on beans that depend on us). */
    private final ObjectProvider<StatusUpdateListener> updateListeners;
    private volatile List<StatusUpdateListener> resolvedListeners;

    MesosConnection(MesosProperties properties, FrameworkIdStore frameworkIds, ApplicationEventPublisher publisher,
                    LeaderElection election, ObjectProvider<StatusUpdateListener> updateListeners) {
        this.updateListeners = updateListeners;
        this.election = election;
        this.properties = properties;
        this.master = new MasterClient(properties);
        this.frameworkIds = frameworkIds;
        this.publisher = publisher;
    }

    @Override
    public void start() {
        running = true;
        watchdog.scheduleWithFixedDelay(this::checkHeartbeat, 1, 1, TimeUnit.SECONDS);
        // the election may start first (a lower-phase bean depends on it) and win before we ran: its
        // Elected event then found us not running, so look for ourselves (startReader is idempotent)
        if (election.isLeader()) {
            startReader();
        }
    }

    @Override
    public void stop() {
        running = false;
        watchdog.shutdownNow();
        stopReader("shutting down");
    }

    @EventListener
    void onLeadership(LeaderEvent event) {
        if (event instanceof LeaderEvent.Deposed deposed) {
            stopReader("no longer the leader: " + deposed.why());
        } else {
            startReader();
        }
    }

    private synchronized void startReader() {
        if (running && reader == null) {
            reader = Daemons.thread(this::subscribeForever, "mesos-subscription");
            reader.start();
        }
    }

    /** Ends the subscription at once: no call is sent after this returns. */
    private synchronized void stopReader(String why) {
        Thread thread = reader;
        reader = null;
        Session was = session;
        session = null;
        closeStream();
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (was != null) {
            log.info("Left the Mesos subscription: {}", why);
            publisher.publishEvent(new MesosEvent.Disconnected(why));
        }
    }

    /** Whether the calling reader thread is still the one that should be subscribed. */
    private boolean active() {
        return running && reader == Thread.currentThread();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started after its listeners, before the leader election that starts the subscription. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }

    public boolean isSubscribed() {
        return session != null;
    }

    public String frameworkId() {
        Session current = session;
        return current == null ? null : current.frameworkId();
    }

    /** Sends a call on the current subscription; false (and nothing sent) when we are not subscribed. */
    boolean send(Call.Builder call) throws IOException, InterruptedException {
        Session current = session;
        if (current == null) {
            return false;
        }
        call.setFrameworkId(MesosMapping.frameworkId(current.frameworkId()));
        master.post(call.getType().name(), call.build().toByteArray(), current.streamId());
        return true;
    }

    private void subscribeForever() {
        Duration backoff = properties.backoffMin();
        while (active()) {
            boolean wasSubscribed = false;
            try {
                wasSubscribed = subscribeOnce();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (active()) {
                    log.warn("Mesos subscription to {} ended: {}", master.endpoint(), e.toString());
                }
            }
            if (!active()) {
                return; // stopReader closed the stream and reports the disconnection
            }
            closeStream();
            if (session != null || wasSubscribed) {
                session = null;
                publisher.publishEvent(new MesosEvent.Disconnected("subscription ended"));
            }
            backoff = wasSubscribed ? properties.backoffMin() : backoff;
            if (!wasSubscribed) {
                master.rotate();
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = min(backoff.multipliedBy(2), properties.backoffMax());
        }
    }

    /** One subscription, until it ends; true if it got as far as SUBSCRIBED. */
    private boolean subscribeOnce() throws IOException, InterruptedException {
        if (!election.holdsLease()) {
            // e.g. an ERROR "Framework failed over": another instance took over; never take it back unless we lead
            throw new IOException("not subscribing: the leader lease is not ours (any more)");
        }
        String storedId = frameworkIds.load();
        HttpResponse<InputStream> response = master.subscribe(MesosMapping.subscribe(properties, storedId).toByteArray());
        String streamId = response.headers().firstValue(MasterClient.STREAM_ID)
                .orElseThrow(() -> new IOException("SUBSCRIBE answered without " + MasterClient.STREAM_ID));
        stream = response.body();
        lastEventAt = Instant.now();
        // buffered: RecordIO headers are read a byte at a time, and each read of the HTTP client's own
        // stream takes its locks (with 100,000 reconciliation answers that was a second of CPU)
        RecordIoReader records = new RecordIoReader(new BufferedInputStream(stream, 64 * 1024));
        boolean subscribed = false;
        byte[] record;
        while (active() && (record = records.next()) != null) {
            lastEventAt = Instant.now();
            Event event = Event.parseFrom(record);
            switch (event.getType()) {
                case SUBSCRIBED -> {
                    if (!active()) {
                        return false;
                    }
                    String frameworkId = event.getSubscribed().getFrameworkId().getValue();
                    if (!frameworkId.equals(storedId)) {
                        frameworkIds.save(frameworkId); // a failover keeps the id: no write on the takeover's path
                    }
                    heartbeat = Duration.ofMillis((long) (MesosMapping.heartbeatSeconds(event) * 1000));
                    session = new Session(streamId, frameworkId);
                    subscribed = true;
                    log.info("Subscribed to {} as framework {} (heartbeat {})", master.endpoint(), frameworkId, heartbeat);
                }
                case ERROR -> {
                    String message = event.getError().getMessage();
                    // of Mesos' framework errors only this one means the id is dead for good; after the
                    // others (e.g. "Framework failed over") we subscribe again, as the same framework
                    if (message.contains("has been removed")) {
                        log.error("Mesos removed framework {}; subscribing as a new framework", storedId);
                        frameworkIds.forget();
                    }
                    throw new IOException("Mesos ERROR event: " + message);
                }
                default -> { }
            }
            if (event.getType() == Event.Type.UPDATE) {
                StatusUpdate update = MesosMapping.update(event.getUpdate().getStatus());
                for (StatusUpdateListener listener : listeners()) {
                    listener.onUpdate(update);
                }
                continue;
            }
            MesosMapping.event(event).ifPresent(publisher::publishEvent);
        }
        return subscribed;
    }

    private List<StatusUpdateListener> listeners() {
        List<StatusUpdateListener> known = resolvedListeners;
        if (known == null) {
            known = updateListeners.orderedStream().toList();
            resolvedListeners = known;
        }
        return known;
    }

    private void checkHeartbeat() {
        Duration silence = Duration.between(lastEventAt, Instant.now());
        if (stream != null && silence.compareTo(heartbeat.multipliedBy(properties.missedHeartbeats())) > 0) {
            log.warn("No event from Mesos for {}; dropping the subscription", silence);
            closeStream();
        }
    }

    private void closeStream() {
        InputStream current = stream;
        stream = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // closing a dead stream: nothing to do
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
