package io.borealis.scheduler.offer;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.task.TaskView.PendingReason;
import io.borealis.scheduler.concurrent.Daemons;
import io.borealis.scheduler.maintenance.HostModes;
import io.borealis.scheduler.mesos.Launch;
import io.borealis.scheduler.mesos.MesosClient;
import io.borealis.scheduler.mesos.MesosEvent;
import io.borealis.scheduler.mesos.Offer;
import io.borealis.scheduler.placement.Assignment;
import io.borealis.scheduler.placement.Demand;
import io.borealis.scheduler.placement.JobSpread;
import io.borealis.scheduler.placement.Placement;
import io.borealis.scheduler.placement.Plan;
import io.borealis.scheduler.placement.Slot;
import io.borealis.scheduler.placement.Veto;
import io.borealis.scheduler.task.PendingReasons;
import io.borealis.scheduler.task.StateLock;
import io.borealis.scheduler.task.Task;
import io.borealis.scheduler.task.TaskQueries;
import io.borealis.scheduler.task.TaskStore;
import io.borealis.scheduler.task.TasksPending;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * OFFERS → placement → the round's matches are committed ASSIGNED in one transaction, then one
 * ACCEPT per used offer, sent after the round, outside the state lock. An offer no task took is
 * held for {@code holdFor}: new pending tasks
 * ({@link TasksPending}) are placed on the held offers at once; when its time is up it is declined
 * with a filter (short while tasks wait, long otherwise). A rescinded offer is dropped; all are
 * forgotten when the subscription ends. Every use of the held offers is under the state lock, and an
 * offer leaves them before it is sent in an ACCEPT or a DECLINE, so no offer is used twice. Offers are
 * suppressed when nothing is pending.
 */
@Component
class OfferHandler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OfferHandler.class);

    private final TaskStore store;
    private final TaskQueries queries;
    private final StateLock lock;
    private final MesosClient mesos;
    private final LaunchFactory launches;
    private final AgentBook agents;
    private final PendingReasons pendingReasons;
    private final OfferProperties properties;
    private final HostModes modes;
    private final LaunchSender sender;
    private final Placement placement = new Placement();
    /** Offers not used yet, oldest first; guarded by the state lock. */
    private final HeldOffers held = new HeldOffers();
    private volatile ScheduledExecutorService timer;
    private final Queue<Change> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** While a round's slices go on: the last task of the previous slice (guarded by the state lock). */
    private Task resumeAfter;

    OfferHandler(TaskStore store, TaskQueries queries, StateLock lock, MesosClient mesos, LaunchFactory launches, AgentBook agents,
                 PendingReasons pendingReasons, OfferProperties properties, HostModes modes, LaunchSender sender) {
        this.queries = queries;
        this.sender = sender;
        this.modes = modes;
        this.store = store;
        this.lock = lock;
        this.mesos = mesos;
        this.launches = launches;
        this.agents = agents;
        this.pendingReasons = pendingReasons;
        this.properties = properties;
    }

    /** What happened to our offers, in the order the subscription told us. */
    private sealed interface Change {
        record Arrived(List<Offer> offers, Instant at) implements Change {
        }

        record Rescinded(String offerId) implements Change {
        }

        /** The subscription ended or was renewed: every offer we hold is void. */
        record Void() implements Change {
        }

        /** A round left tasks for the next one. */
        record Again() implements Change {
        }
    }

    /**
     * The subscription's reader only queues offer events (it never waits for the state lock, so
     * status updates keep flowing while a placement round runs); the "offers" thread applies them
     * in order and runs one round for everything that arrived meanwhile.
     */
    @EventListener
    void onOffers(MesosEvent.OffersReceived event) {
        event.offers().forEach(agents::seen);
        enqueue(new Change.Arrived(event.offers(), Instant.now()));
    }
    /** New pending tasks: placed on the offers we hold, without waiting for the next offers. */
    @EventListener
    void onTasksPending(TasksPending event) {
        lock.run(() -> {
            drainInbox();
            if (!held.isEmpty()) {
                round();
            }
        });
    }

    @EventListener
    void onRescind(MesosEvent.OfferRescinded event) {
        enqueue(new Change.Rescinded(event.offerId()));
    }

    /** Offers belong to a subscription: a new one (or none) makes every held offer void. */
    @EventListener
    void onDisconnected(MesosEvent.Disconnected event) {
        enqueue(new Change.Void());
    }

    @EventListener
    void onSubscribed(MesosEvent.Subscribed event) {
        enqueue(new Change.Void());
    }

    private void enqueue(Change change) {
        inbox.add(change);
        ScheduledExecutorService executor = timer;
        if (executor == null) {
            applyChanges(); // not started (or stopping): apply on the caller's thread
        } else if (draining.compareAndSet(false, true)) {
            executor.execute(this::applyChanges);
        }
    }

    /** Applies every queued change in order under the lock, then one round if offers arrived. */
    private void applyChanges() {
        draining.set(false);
        if (inbox.isEmpty()) {
            return;
        }
        try {
            lock.run(() -> {
                if (drainInbox()) {
                    round();
                }
            });
        } catch (RuntimeException e) {
            log.warn("Offer round failed; the next offers or tasks retry: {}", e.toString(), e);
        }
    }

    /**
     * Applies the queued changes in order (call under the lock); true if offers arrived or a round
     * asked for another. Every path that uses held offers drains first, so an offer rescinded or
     * voided by a new subscription is never used even when its event still waits in the inbox.
     */
    private boolean drainInbox() {
        boolean arrived = false;
        Change change;
        while ((change = inbox.poll()) != null) {
            if (change instanceof Change.Arrived a) {
                a.offers().forEach(offer -> held.add(offer, a.at()));
                arrived = true;
            } else if (change instanceof Change.Again) {
                arrived = true;
            } else if (change instanceof Change.Rescinded r) {
                if (held.remove(r.offerId()) != null) {
                    log.debug("Held offer {} rescinded: dropped", r.offerId());
                }
            } else {
                held.clear();
            }
        }
        return arrived;
    }

    /** One placement round over every held offer; call under the lock. */
    private void round() {
        List<Offer> offers = held.offers();
        if (offers.isEmpty()) {
            return;
        }
        int allPending = queries.pendingCount();
        if (allPending == 0) {
            offers.forEach(o -> agents.free(slot(o)));
            mesos.suppress();
            return;
        }
        // bound the time a round holds the state lock: a slice of the pending tasks (oldest first), the
        // next slice in the next round, which follows at once, until every pending task had its turn
        List<Task> pending = queries.pending(resumeAfter, properties.tasksPerRound());
        if (pending.isEmpty()) {
            pending = queries.pending(null, properties.tasksPerRound()); // the previous slices reached the end
        }
        if (pending.isEmpty()) {
            return;
        }
        Task last = pending.get(pending.size() - 1);
        boolean more = !queries.pending(last, 1).isEmpty();
        resumeAfter = more ? last : null;
        ScheduledExecutorService executor = timer;
        if (more && executor != null) {
            inbox.add(new Change.Again());
            if (draining.compareAndSet(false, true)) {
                executor.execute(this::applyChanges);
            }
        }
        List<Demand> demands = pending.stream().map(this::demand).toList();
        Plan plan = placement.place(demands, offers.stream().map(this::slot).toList(), spread(pending));
        plan.vetoes().forEach((taskId, vetoes) -> pendingReasons.record(taskId, reasons(vetoes)));

        rememberFree(offers, plan, demands);

        Map<String, Assignment> byTask = new LinkedHashMap<>();
        plan.assignments().forEach(a -> byTask.put(a.taskId(), a));
        List<Task> assigned = byTask.isEmpty() ? List.of() : store.assignAll(plan.assignments().stream()
                .map(a -> new TaskStore.Placed(a.taskId(), a.agentId(), a.hostname(), a.ports())).toList());
        byTask.keySet().forEach(pendingReasons::placed);
        Map<String, List<Launch>> perOffer = new LinkedHashMap<>();
        for (Task task : assigned) {
            Assignment assignment = byTask.get(task.taskId());
            perOffer.computeIfAbsent(assignment.offerId(), o -> new ArrayList<>())
                    .add(launches.launch(task, assignment.ports()));
        }
        // judged over every pending task, not this slice: tasks vetoed in an earlier slice still wait
        boolean stillPending = allPending > assigned.size();
        // what an ACCEPT leaves of an agent comes back after the short filter even when nothing waits:
        // with offers held for minutes, a long filter here would shrink the pool at every launch
        double refuse = refuseSeconds(true);
        List<Offer> used = offers.stream().filter(o -> perOffer.containsKey(o.id())).toList();
        used.forEach(o -> held.remove(o.id()));
        sender.acceptAll(used, perOffer, refuse);
        if (!stillPending) {
            mesos.suppress();
        }
    }

    /** Declines the offers held for {@code holdFor} or longer, with a filter. */
    void declineExpired() {
        lock.run(() -> {
            if (drainInbox()) {
                round();
            }
            List<String> expired = held.takeOlderThan(Instant.now().minus(properties.holdFor()));
            if (!expired.isEmpty()) {
                mesos.decline(expired, refuseSeconds(queries.pendingCount() > 0));
            }
        });
    }

    private double refuseSeconds(boolean stillPending) {
        return (stillPending ? properties.refuseWhilePending() : properties.refuseWhenIdle()).toMillis() / 1000.0;
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Daemons.scheduler("offers");
        long period = Math.max(20, Math.min(250, properties.holdFor().toMillis() / 4));
        executor.scheduleWithFixedDelay(() -> {
            try {
                declineExpired();
            } catch (RuntimeException e) {
                log.warn("Declining held offers failed; the next tick retries: {}", e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
        timer = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = timer;
        timer = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /** Each offered agent's free resources after this round's placements (preemption starts from them). */
    private void rememberFree(List<Offer> offers, Plan plan, List<Demand> demands) {
        Map<String, Demand> byTask = new LinkedHashMap<>();
        demands.forEach(d -> byTask.put(d.taskId(), d));
        Map<String, Slot> left = new LinkedHashMap<>();
        offers.forEach(o -> left.put(o.id(), slot(o)));
        for (Assignment assignment : plan.assignments()) {
            Demand demand = byTask.get(assignment.taskId());
            left.computeIfPresent(assignment.offerId(), (id, slot) -> slot.without(demand.cpus(), demand.memMb(),
                    demand.diskMb(), assignment.ports().values()));
        }
        left.values().forEach(agents::free);
    }

    private Demand demand(Task task) {
        return demand(task, queries.config(task));
    }

    /** A task's needs for placement (and for preemption). */
    static Demand demand(Task task, TaskConfig config) {
        var resources = LaunchFactory.resources(config);
        return new Demand(task.taskId(), task.job().path(), task.configVersion(), LaunchFactory.cpus(resources), LaunchFactory.ram(resources),
                LaunchFactory.disk(resources), LaunchFactory.portNames(resources),
                config.constraints() == null ? List.of() : config.constraints());
    }

    private Slot slot(Offer offer) {
        return new Slot(offer.id(), offer.agentId(), offer.hostname(), offer.attributes(), offer.cpus(), offer.memMb(),
                offer.diskMb(), offer.ports().stream().map(r -> new Slot.PortRange(r.begin(), r.end())).toList(),
                modes.of(offer.hostname()));
    }

    /** Where the active tasks of the jobs being placed run (other jobs' tasks do not matter to this round). */
    private JobSpread spread(List<Task> placing) {
        JobSpread spread = new JobSpread();
        for (JobKey job : placing.stream().map(Task::job).collect(Collectors.toSet())) {
            String path = job.path();
            for (Task task : queries.nonTerminalOf(job)) {
                if (task.status().isActive()) {
                    spread.add(path, task.hostname(), agents.attributes(task.agentId()));
                }
            }
        }
        return spread;
    }

    private static List<PendingReason> reasons(Map<Veto, Integer> vetoes) {
        if (vetoes.isEmpty()) {
            return List.of(new PendingReason("NO_OFFERS", 0, true));
        }
        return vetoes.entrySet().stream()
                .map(e -> new PendingReason(e.getKey().name(), e.getValue(), e.getKey().transientReason())).toList();
    }
}
