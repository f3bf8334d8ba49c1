package io.borealis.scheduler.mesos;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Our decisions as Mesos calls, sent on the current subscription. Each method returns whether the
 * call was accepted by the master; a call made while disconnected is dropped, which is safe
 * because every caller is level-triggered and will decide again.
 */
@Component
public class MesosClient {

    private static final Logger log = LoggerFactory.getLogger(MesosClient.class);

    private final MesosConnection connection;
    private final MesosProperties properties;
    private final AtomicBoolean suppressed = new AtomicBoolean(false);

    MesosClient(MesosConnection connection, MesosProperties properties) {
        this.connection = connection;
        this.properties = properties;
    }

    public boolean isSubscribed() {
        return connection.isSubscribed();
    }

    /** Launches the tasks on one offer. Throws when the master refused, so the caller can mark them lost. */
    public boolean accept(Offer offer, List<Launch> launches, double refuseSeconds) throws IOException {
        String role = offer.allocationRole() != null ? offer.allocationRole() : properties.roles().get(0);
        return sendOrThrow(MesosMapping.accept(offer.id(), role, launches, refuseSeconds));
    }

    public boolean decline(List<String> offerIds, double refuseSeconds) {
        return !offerIds.isEmpty() && send(MesosMapping.decline(offerIds, refuseSeconds));
    }

    public boolean kill(TaskRef task, Integer graceSecs) {
        return send(MesosMapping.kill(task, graceSecs));
    }

    public boolean acknowledge(StatusUpdate update) {
        return update.needsAck() && update.agentId() != null
                && send(MesosMapping.acknowledge(update.taskId(), update.agentId(), update.uuid()));
    }

    public boolean reconcile(List<TaskRef> tasks) {
        return send(MesosMapping.reconcile(tasks));
    }

    /** Asks for offers again; a no-op if we are not suppressed. */
    public void revive() {
        if (suppressed.compareAndSet(true, false) && !send(MesosMapping.revive(properties.roles()))) {
            suppressed.set(true);
        }
    }

    /** Stops offers while nothing is pending. */
    public void suppress() {
        if (suppressed.compareAndSet(false, true) && !send(MesosMapping.suppress(properties.roles()))) {
            suppressed.set(false);
        }
    }

    /** A new subscription starts unsuppressed. */
    @EventListener
    void onSubscribed(MesosEvent.Subscribed subscribed) {
        suppressed.set(false);
    }

    private boolean send(Call.Builder call) {
        try {
            return sendOrThrow(call);
        } catch (IOException e) {
            log.warn("{} failed: {}", call.getType(), e.getMessage());
            return false;
        }
    }

    private boolean sendOrThrow(Call.Builder call) throws IOException {
        try {
            return connection.send(call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
