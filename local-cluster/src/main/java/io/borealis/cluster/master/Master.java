package io.borealis.cluster.master;

import io.borealis.cluster.ClusterProperties;
import io.borealis.cluster.agent.Agent;
import io.borealis.cluster.agent.Agents;
import io.borealis.cluster.agent.ResourceSet;
import io.borealis.cluster.agent.TaskRunner;
import io.borealis.cluster.protocol.WireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The master side of the Mesos v1 scheduler API: frameworks and their subscriptions, calls, and
 * the timers of allocation, heartbeats and failover. All state is in memory behind one lock
 * (this object's monitor); nothing here waits for a process or a socket.
 */
@Component
public class Master implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(Master.class);
    /** Changes (resources freed, a filter expired...) are offered this soon, batched. */
    private static final long PROMPT_ALLOCATION_MS = 20;
    /** Failover timeouts beyond a year are a year. */
    private static final double MAX_FAILOVER_SECONDS = 365 * 24 * 3600.0;

    private final ClusterProperties properties;
    private final Agents agents;
    private final TaskRunner runner;
    private final Map<String, Framework> frameworks = new LinkedHashMap<>();
    private final Set<String> removedFrameworks = new HashSet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "master-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final OfferBook offers = new OfferBook();
    private final TaskBook tasks;
    private boolean allocationPending;

    public Master(ClusterProperties properties, Agents agents, TaskRunner runner) {
        this.properties = properties;
        this.agents = agents;
        this.runner = runner;
        this.tasks = new TaskBook(this, frameworks, runner, timer, properties.workDir(), properties.updateRetryInterval(),
                properties.updateRetryMax(), properties.killGracePeriod(), this::resourcesFreed);
        long interval = properties.allocationInterval().toMillis();
        timer.scheduleWithFixedDelay(this::allocateAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Status update delivery, as counters ({@link DeliveryCounters}). */
    @Override
    public void bindTo(MeterRegistry registry) {
        tasks.counters.bindTo(registry);
    }

    /** SUBSCRIBE: a new stream for the framework; an older one is told it failed over and closed. */
    public synchronized Subscription subscribe(Call call, WireFormat format) {
        FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
        String id = call.hasFrameworkId() ? call.getFrameworkId().getValue()
                : info.hasId() ? info.getId().getValue() : UUID.randomUUID() + "-0000";
        Subscription subscription = new Subscription(id, format);
        if (removedFrameworks.contains(id)) {
            subscription.send(error("Framework has been removed"));
            subscription.end();
            return subscription;
        }
        FrameworkInfo withId = info.toBuilder().setId(FrameworkID.newBuilder().setValue(id)).build();
        Framework framework = frameworks.computeIfAbsent(id, key -> new Framework(key, withId));
        framework.info = withId;
        if (framework.subscription != null) {
            framework.subscription.send(error("Framework failed over"));
            framework.subscription.end();
        }
        if (framework.failoverTimer != null) {
            framework.failoverTimer.cancel(false);
            framework.failoverTimer = null;
        }
        offers.drop(id);
        framework.filters.clear();
        framework.suppressed = call.getSubscribe().getSuppressedRolesCount() > 0;
        framework.subscription = subscription;
        subscription.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
                .setSubscribed(Event.Subscribed.newBuilder().setFrameworkId(FrameworkID.newBuilder().setValue(id))
                        .setHeartbeatIntervalSeconds(properties.heartbeatInterval().toMillis() / 1000.0))
                .build());
        Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
        subscription.send(heartbeat);
        long interval = properties.heartbeatInterval().toMillis();
        subscription.heartbeat(timer.scheduleAtFixedRate(() -> subscription.send(heartbeat), interval, interval,
                TimeUnit.MILLISECONDS));
        int resent = tasks.resendAll(framework);
        log.info("Framework {} ({}) subscribed, stream {}; {} unacknowledged status updates sent again", id,
                info.getName(), subscription.streamId(), resent);
        offers.everyAgentChanged();
        allocateSoon();
        return subscription;
    }

    /** Every call but SUBSCRIBE, after the master's checks in Mesos' order. */
    public synchronized void call(Call call, String streamId) {
        Framework framework = frameworks.get(call.getFrameworkId().getValue());
        if (framework == null) {
            throw new CallRejected(HttpStatus.BAD_REQUEST, "Framework cannot be found");
        }
        if (!framework.connected()) {
            throw new CallRejected(HttpStatus.FORBIDDEN, "Framework is not subscribed");
        }
        if (streamId == null) {
            throw new CallRejected(HttpStatus.BAD_REQUEST,
                    "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
        }
        if (!streamId.equals(framework.subscription.streamId())) {
            throw new CallRejected(HttpStatus.BAD_REQUEST, "The stream ID '" + streamId
                    + "' included in this request didn't match the stream ID currently associated with framework ID "
                    + framework.id);
        }
        switch (call.getType()) {
            case ACCEPT -> accept(framework, call.getAccept());
            case DECLINE -> decline(framework, call.getDecline().getOfferIdsList().stream().map(o -> o.getValue()).toList(),
                    call.getDecline().hasFilters() ? call.getDecline().getFilters().getRefuseSeconds() : -1);
            case KILL -> tasks.kill(framework, call.getKill());
            case ACKNOWLEDGE -> tasks.acknowledge(framework, call.getAcknowledge());
            case RECONCILE -> tasks.reconcile(framework, call.getReconcile());
            case REVIVE -> {
                framework.suppressed = false;
                framework.filters.clear();
                offers.everyAgentChanged();
                allocateSoon();
            }
            case SUPPRESS -> framework.suppressed = true;
            case TEARDOWN -> remove(framework, "Framework was torn down");
            case UPDATE_FRAMEWORK -> framework.info = call.getUpdateFramework().getFrameworkInfo().toBuilder()
                    .setId(FrameworkID.newBuilder().setValue(framework.id)).build();
            default -> log.debug("Ignoring {} call from framework {}", call.getType(), framework.id);
        }
    }

    private void accept(Framework framework, Call.Accept accept) {
        List<OfferBook.Outstanding> taken = new ArrayList<>();
        String invalid = null;
        for (var offerId : accept.getOfferIdsList()) {
            OfferBook.Outstanding offer = offers.take(offerId.getValue(), framework.id);
            if (offer == null) {
                invalid = "Offer " + offerId.getValue() + " is no longer valid";
            } else {
                taken.add(offer);
            }
        }
        if (invalid == null && taken.isEmpty()) {
            invalid = "No offers specified";
        }
        if (invalid == null && taken.stream().map(OfferBook.Outstanding::agent).distinct().count() > 1) {
            invalid = "Aggregated offers must belong to one agent";
        }
        if (invalid == null && !taken.get(0).agent().active()) {
            invalid = "Agent " + taken.get(0).agent().id() + " is not active";
        }
        List<TaskInfo> launches = accept.getOperationsList().stream()
                .filter(op -> op.getType() == Offer.Operation.Type.LAUNCH)
                .flatMap(op -> op.getLaunch().getTaskInfosList().stream()).toList();
        if (invalid != null) {
            TaskState state = framework.partitionAware() ? TaskState.TASK_DROPPED : TaskState.TASK_LOST;
            for (TaskInfo task : launches) {
                framework.send(TaskBook.update(masterStatus(task, state, TaskStatus.Reason.REASON_INVALID_OFFERS,
                        "Task launched with invalid offers: " + invalid)));
            }
            allocateSoon();
            return;
        }
        Agent agent = taken.get(0).agent();
        ResourceSet pool = taken.stream().map(OfferBook.Outstanding::resources).reduce(ResourceSet.EMPTY, ResourceSet::plus);
        Set<String> launchedNow = new HashSet<>();
        for (TaskInfo task : launches) {
            ResourceSet resources;
            String error = TaskValidation.validate(framework, agent, task, launchedNow);
            try {
                resources = ResourceSet.fromProto(task.getResourcesList());
            } catch (IllegalArgumentException e) {
                resources = null;
                error = error != null ? error : "Task uses invalid resources: " + e.getMessage();
            }
            if (error == null && !pool.contains(resources)) {
                error = "Task uses more resources " + resources + " than available " + pool;
            }
            if (error != null) {
                framework.send(TaskBook.update(masterStatus(task, TaskState.TASK_ERROR,
                        TaskStatus.Reason.REASON_TASK_INVALID, error)));
                continue;
            }
            pool = pool.minus(resources);
            launchedNow.add(task.getTaskId().getValue());
            tasks.launch(framework, agent, task, resources);
        }
        // unused resources count as declined, with the call's filter
        refuse(framework, agent, pool, accept.hasFilters() ? accept.getFilters().getRefuseSeconds() : -1);
    }

    private void decline(Framework framework, List<String> offerIds, double refuseSeconds) {
        for (String offerId : offerIds) {
            OfferBook.Outstanding offer = offers.take(offerId, framework.id);
            if (offer != null) {
                refuse(framework, offer.agent(), offer.resources(), refuseSeconds);
            }
        }
    }

    private void refuse(Framework framework, Agent agent, ResourceSet resources, double refuseSeconds) {
        Duration refuse = refuseSeconds < 0 ? properties.offerRefuseDefault()
                : Duration.ofMillis((long) (Math.min(refuseSeconds, MAX_FAILOVER_SECONDS) * 1000));
        if (refuse.isZero() || resources.isEmpty()) {
            // nothing to hold back (Mesos makes no filter for nothing): the agent is offered as it is
            allocateSoon();
            return;
        }
        Instant until = Instant.now().plus(refuse);
        Framework.OfferFilter existing = framework.filters.get(agent.id());
        ResourceSet refused = existing != null && existing.until().isAfter(Instant.now())
                ? existing.refused().plus(resources) : resources;
        boolean lengthened = existing == null || !existing.until().isAfter(until);
        framework.filters.put(agent.id(), new Framework.OfferFilter(refused, lengthened ? until : existing.until()));
        if (lengthened) { // else the timer of the longer filter is still to come
            timer.schedule(() -> filterExpired(agent), refuse.toMillis() + 5, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void filterExpired(Agent agent) {
        offers.changed(agent);
        allocateSoon();
    }

    /** A task ended, or a framework's tasks were removed, on this agent. */
    private void resourcesFreed(Agent agent) {
        offers.changed(agent);
        allocateSoon();
    }

    /** The subscription's connection broke: offers go, and the failover timeout starts. */
    synchronized void disconnected(Subscription subscription) {
        subscription.end();
        Framework framework = frameworks.get(subscription.frameworkId());
        if (framework == null || framework.subscription != subscription) {
            return;
        }
        framework.subscription = null;
        offers.drop(framework.id);
        double timeout = Math.min(MAX_FAILOVER_SECONDS, Math.max(0, framework.info.getFailoverTimeout()));
        log.info("Framework {} disconnected; failover timeout {} s", framework.id, timeout);
        if (timeout == 0) {
            remove(framework, "Framework failover timeout is zero");
            return;
        }
        if (timer.isShutdown()) {
            return; // the cluster is stopping
        }
        framework.failoverTimer = timer.schedule(() -> {
            synchronized (this) {
                if (!framework.connected() && frameworks.get(framework.id) == framework) {
                    remove(framework, "Framework failover timeout expired");
                }
            }
        }, (long) (timeout * 1000), TimeUnit.MILLISECONDS);
        allocateSoon();
    }

    private void remove(Framework framework, String why) {
        log.info("Removing framework {}: {}", framework.id, why);
        if (framework.subscription != null) {
            framework.subscription.end();
            framework.subscription = null;
        }
        if (framework.failoverTimer != null) {
            framework.failoverTimer.cancel(false);
        }
        offers.drop(framework.id);
        tasks.removeAll(framework);
        frameworks.remove(framework.id);
        removedFrameworks.add(framework.id);
        allocateSoon(); // its offers and its tasks' resources go to the others
    }

    /** Operator: the agent is cut off (a partition; see {@link TaskBook#agentLost}). */
    public synchronized void stopAgent(String agentId) {
        Agent agent = agent(agentId);
        if (!agent.active()) {
            return;
        }
        agent.setActive(false);
        offers.rescind(agent, frameworks);
        tasks.agentLost(agent);
        agent.reset();
        log.info("Agent {} stopped", agentId);
    }

    /** Operator: the agent returns with the tasks it kept running (see {@link TaskBook#agentBack}). */
    public synchronized void startAgent(String agentId) {
        Agent agent = agent(agentId);
        if (agent.active()) {
            return;
        }
        tasks.agentBack(agent);
        agent.setActive(true);
        log.info("Agent {} started", agentId);
        offers.changed(agent);
        allocateSoon();
    }

    private Agent agent(String agentId) {
        Agent agent = agents.get(agentId);
        if (agent == null) {
            throw new UnknownAgentException(agentId);
        }
        return agent;
    }

    /** A consistent copy of the state, for /master/state and the launcher. */
    public synchronized MasterState snapshot() {
        return MasterState.of(agents.all(), frameworks.values(), tasks.completed(), runner);
    }

    /** A prompt allocation of what changed, batched over {@link #PROMPT_ALLOCATION_MS}. */
    private void allocateSoon() {
        // a stream that breaks while the cluster stops has nothing left to allocate
        if (!allocationPending && !timer.isShutdown()) {
            allocationPending = true;
            timer.schedule(this::allocateChanged, PROMPT_ALLOCATION_MS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void allocateChanged() {
        allocationPending = false;
        try {
            offers.allocateChanged(frameworks.values(), agents.all(), Instant.now());
        } catch (RuntimeException e) {
            log.error("Allocation failed", e);
        }
    }

    /** The periodic allocation: every agent, whatever changed (a safety net; filters expire here too). */
    private synchronized void allocateAll() {
        try {
            offers.allocate(frameworks.values(), agents.all(), Instant.now());
        } catch (RuntimeException e) {
            log.error("Allocation failed", e);
        }
    }

    private static TaskStatus masterStatus(TaskInfo task, TaskState state, TaskStatus.Reason reason, String message) {
        return TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(state).setAgentId(task.getAgentId())
                .setSource(TaskStatus.Source.SOURCE_MASTER).setReason(reason).setMessage(message)
                .setTimestamp(System.currentTimeMillis() / 1000.0).build();
    }

    private static Event error(String message) {
        return Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder().setMessage(message)).build();
    }

    /** Ends every stream and stops the timers; the runner kills the processes (its own destroy). */
    @PreDestroy
    public synchronized void shutdown() {
        frameworks.values().forEach(f -> {
            if (f.subscription != null) {
                f.subscription.end();
            }
        });
        timer.shutdownNow();
    }
}
