package io.borealis.scheduler.desired;

import io.borealis.api.job.DesiredState;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The last desired state read in full. Re-read every {@code pollInterval} and whenever {@link #refresh()}
 * is called (the event stream does); a change is published as {@link DesiredStateChanged}.
 */
@Component
public class DesiredStateCache implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DesiredStateCache.class);

    private final DesiredStateClient client;
    private final DesiredStateProperties properties;
    private final ApplicationEventPublisher publisher;
    private final AtomicReference<DesiredState> current = new AtomicReference<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private ScheduledExecutorService executor;
    private volatile boolean failing;

    DesiredStateCache(DesiredStateClient client, DesiredStateProperties properties, ApplicationEventPublisher publisher) {
        this.client = client;
        this.properties = properties;
        this.publisher = publisher;
    }

    /** The last successful read; empty until the first one succeeds. */
    public Optional<DesiredState> current() {
        return Optional.ofNullable(current.get());
    }

    /** Asks for a read soon; calls that arrive while one is queued are merged. */
    public void refresh() {
        ScheduledExecutorService running = executor;
        if (running != null && queued.compareAndSet(false, true)) {
            running.execute(this::read);
        }
    }

    private void read() {
        queued.set(false);
        try {
            DesiredState state = client.read();
            if (failing) {
                log.info("Desired state readable again ({} jobs)", state.jobs().size());
                failing = false;
            }
            DesiredState previous = current.getAndSet(state);
            if (!state.equals(previous)) {
                publisher.publishEvent(new DesiredStateChanged(state));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!failing) {
                log.warn("Cannot read desired state (keeping the last one): {}", e.toString());
                failing = true;
            }
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "desired-state");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::read, 0, period, TimeUnit.MILLISECONDS);
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
