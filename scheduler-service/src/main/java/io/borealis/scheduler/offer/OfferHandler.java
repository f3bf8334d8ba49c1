package io.borealis.scheduler.offer;

import io.borealis.api.job.TaskConfig;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView.PendingReason;
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
import io.borealis.scheduler.task.TaskStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * OFFERS → placement → for each match ASSIGNED is committed first, then one ACCEPT per offer;
 * unused offers are declined (briefly while tasks wait, long otherwise) and offers suppressed when
 * nothing is pending.
 */
@Component
class OfferHandler {

    private static final Logger log = LoggerFactory.getLogger(OfferHandler.class);

    private final TaskStore store;
    private final StateLock lock;
    private final MesosClient mesos;
    private final LaunchFactory launches;
    private final AgentBook agents;
    private final PendingReasons pendingReasons;
    private final OfferProperties properties;
    private final HostModes modes;
    private final Placement placement = new Placement();

    OfferHandler(TaskStore store, StateLock lock, MesosClient mesos, LaunchFactory launches, AgentBook agents,
                 PendingReasons pendingReasons, OfferProperties properties, HostModes modes) {
        this.modes = modes;
        this.store = store;
        this.lock = lock;
        this.mesos = mesos;
        this.launches = launches;
        this.agents = agents;
        this.pendingReasons = pendingReasons;
        this.properties = properties;
    }

    @EventListener
    void onOffers(MesosEvent.OffersReceived event) {
        event.offers().forEach(agents::seen);
        lock.run(() -> handle(event.offers()));
    }

    @EventListener
    void onRescind(MesosEvent.OfferRescinded event) {
        // offers are used or declined as they arrive, so there is never a held offer to drop
        log.debug("Offer {} rescinded", event.offerId());
    }

    private void handle(List<Offer> offers) {
        List<Task> pending = store.pending();
        Map<String, Task> byId = new LinkedHashMap<>();
        pending.forEach(t -> byId.put(t.taskId(), t));
        List<Demand> demands = pending.stream().map(this::demand).toList();
        Plan plan = placement.place(demands, offers.stream().map(this::slot).toList(), spread());
        plan.vetoes().forEach((taskId, vetoes) -> pendingReasons.record(taskId, reasons(vetoes)));

        rememberFree(offers, plan, demands);

        Map<String, List<Launch>> perOffer = new LinkedHashMap<>();
        for (Assignment assignment : plan.assignments()) {
            Optional<Task> assigned = store.assign(assignment.taskId(), assignment.agentId(), assignment.hostname(),
                    assignment.ports());
            pendingReasons.placed(assignment.taskId());
            assigned.filter(t -> t.status() == TaskStatus.ASSIGNED).ifPresent(task -> perOffer
                    .computeIfAbsent(assignment.offerId(), o -> new ArrayList<>())
                    .add(launches.launch(task, assignment.ports())));
        }
        boolean stillPending = !plan.vetoes().isEmpty();
        double refuse = (stillPending ? properties.refuseWhilePending() : properties.refuseWhenIdle()).toMillis() / 1000.0;
        List<String> unused = new ArrayList<>();
        for (Offer offer : offers) {
            List<Launch> tasks = perOffer.get(offer.id());
            if (tasks == null) {
                unused.add(offer.id());
            } else {
                accept(offer, tasks, refuse);
            }
        }
        mesos.decline(unused, refuse);
        if (!stillPending) {
            mesos.suppress();
        }
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

    private void accept(Offer offer, List<Launch> tasks, double refuse) {
        try {
            if (mesos.accept(offer, tasks, refuse)) {
                log.info("Launching {} on {}", tasks.stream().map(Launch::taskId).toList(), offer.hostname());
                return;
            }
        } catch (IOException e) {
            log.warn("ACCEPT of offer {} failed: {}", offer.id(), e.getMessage());
        }
        // not sent: the tasks are not on the agent; LOST makes the convergence loop replace them at once
        tasks.forEach(t -> store.apply(t.taskId(), TaskStatus.LOST, "launch could not be sent to Mesos", "scheduler", null));
    }

    private Demand demand(Task task) {
        return demand(task, store.config(task));
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

    private JobSpread spread() {
        JobSpread spread = new JobSpread();
        for (Task task : store.nonTerminal()) {
            if (task.status().isActive()) {
                spread.add(task.job().path(), task.hostname(), agents.attributes(task.agentId()));
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
