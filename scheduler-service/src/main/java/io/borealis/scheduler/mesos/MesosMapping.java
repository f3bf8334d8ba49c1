package io.borealis.scheduler.mesos;

import com.google.protobuf.ByteString;
import io.borealis.api.job.HealthCheck;
import io.borealis.api.task.TaskStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** The one translation between Mesos protobufs and our records, both ways. */
public final class MesosMapping {

    private MesosMapping() {
    }

    // ---- Mesos → ours -------------------------------------------------------------------------

    /** Mesos task states onto our lifecycle (design §4): the only place this mapping lives. */
    public static TaskStatus status(TaskState state) {
        return switch (state) {
            case TASK_STAGING, TASK_STARTING -> TaskStatus.STARTING;
            case TASK_RUNNING -> TaskStatus.RUNNING;
            case TASK_KILLING -> TaskStatus.KILLING;
            case TASK_FINISHED -> TaskStatus.FINISHED;
            case TASK_FAILED, TASK_ERROR -> TaskStatus.FAILED;
            case TASK_KILLED -> TaskStatus.KILLED;
            case TASK_LOST, TASK_DROPPED, TASK_GONE, TASK_GONE_BY_OPERATOR, TASK_UNKNOWN -> TaskStatus.LOST;
            case TASK_UNREACHABLE -> TaskStatus.PARTITIONED;
        };
    }

    /**
     * The event as one of ours; empty for events we do not act on (HEARTBEAT, UNKNOWN, inverse offers...)
     * and for UPDATE, which goes to the {@link StatusUpdateListener}s instead.
     */
    public static Optional<MesosEvent> event(Event event) {
        return switch (event.getType()) {
            case SUBSCRIBED -> Optional.of(new MesosEvent.Subscribed(
                    event.getSubscribed().getFrameworkId().getValue(),
                    java.time.Duration.ofMillis((long) (heartbeatSeconds(event) * 1000))));
            case OFFERS -> Optional.of(new MesosEvent.OffersReceived(
                    event.getOffers().getOffersList().stream().map(MesosMapping::offer).toList()));
            case RESCIND -> Optional.of(new MesosEvent.OfferRescinded(event.getRescind().getOfferId().getValue()));
            case FAILURE -> event.getFailure().hasAgentId()
                    ? Optional.of(new MesosEvent.AgentFailed(event.getFailure().getAgentId().getValue()))
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    static double heartbeatSeconds(Event event) {
        return event.getSubscribed().hasHeartbeatIntervalSeconds()
                ? event.getSubscribed().getHeartbeatIntervalSeconds() : 15.0;
    }

    public static Offer offer(Protos.Offer offer) {
        double cpus = 0;
        double mem = 0;
        double disk = 0;
        String role = null;
        List<Offer.PortRange> ports = new ArrayList<>();
        for (Protos.Resource resource : offer.getResourcesList()) {
            if (resource.hasAllocationInfo() && role == null) {
                role = resource.getAllocationInfo().getRole();
            }
            switch (resource.getName()) {
                case "cpus" -> cpus += resource.getScalar().getValue();
                case "mem" -> mem += resource.getScalar().getValue();
                case "disk" -> disk += resource.getScalar().getValue();
                case "ports" -> resource.getRanges().getRangeList()
                        .forEach(r -> ports.add(new Offer.PortRange(r.getBegin(), r.getEnd())));
                default -> { }
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Protos.Attribute attribute : offer.getAttributesList()) {
            attributes.put(attribute.getName(), attributeValue(attribute));
        }
        if (offer.hasDomain() && offer.getDomain().hasFaultDomain()) {
            attributes.putIfAbsent("zone", offer.getDomain().getFaultDomain().getZone().getName());
            attributes.putIfAbsent("region", offer.getDomain().getFaultDomain().getRegion().getName());
        }
        return new Offer(offer.getId().getValue(), offer.getAgentId().getValue(), offer.getHostname(),
                Map.copyOf(attributes), cpus, mem, disk, List.copyOf(ports), role);
    }

    private static String attributeValue(Protos.Attribute attribute) {
        return switch (attribute.getType()) {
            case TEXT -> attribute.getText().getValue();
            case SCALAR -> stripZero(attribute.getScalar().getValue());
            case SET -> String.join(",", attribute.getSet().getItemList());
            case RANGES -> attribute.getRanges().getRangeList().stream()
                    .map(r -> "[" + r.getBegin() + "-" + r.getEnd() + "]").reduce((a, b) -> a + "," + b).orElse("");
        };
    }

    private static String stripZero(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    public static StatusUpdate update(Protos.TaskStatus status) {
        return new StatusUpdate(
                status.getTaskId().getValue(),
                status.hasAgentId() ? status.getAgentId().getValue() : null,
                status(status.getState()),
                status.getState().name(),
                status.hasReason() ? status.getReason().name() : null,
                status.hasMessage() ? status.getMessage() : null,
                status.hasSource() ? status.getSource().name() : "SOURCE_MASTER",
                status.hasHealthy() ? status.getHealthy() : null,
                status.hasUuid() ? status.getUuid().toByteArray() : null);
    }

    // ---- ours → Mesos -------------------------------------------------------------------------

    public static Protos.FrameworkInfo frameworkInfo(MesosProperties properties, String frameworkId) {
        Protos.FrameworkInfo.Builder info = Protos.FrameworkInfo.newBuilder()
                .setUser(properties.effectiveUser())
                .setName("borealis")
                .setFailoverTimeout(properties.failoverTimeout().toMillis() / 1000.0)
                .setCheckpoint(true)
                .addAllRoles(properties.roles())
                .addCapabilities(capability(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE))
                .addCapabilities(capability(Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE))
                .addCapabilities(capability(Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE));
        if (frameworkId != null) {
            info.setId(frameworkId(frameworkId));
        }
        return info.build();
    }

    private static Protos.FrameworkInfo.Capability capability(Protos.FrameworkInfo.Capability.Type type) {
        return Protos.FrameworkInfo.Capability.newBuilder().setType(type).build();
    }

    public static Call subscribe(MesosProperties properties, String frameworkId) {
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(frameworkInfo(properties, frameworkId)));
        if (frameworkId != null) {
            call.setFrameworkId(frameworkId(frameworkId));
        }
        return call.build();
    }

    /** One ACCEPT of one offer with one LAUNCH operation holding every task placed on it. */
    public static Call.Builder accept(String offerId, String role, List<Launch> launches, double refuseSeconds) {
        Protos.Offer.Operation.Launch.Builder launch = Protos.Offer.Operation.Launch.newBuilder();
        launches.forEach(l -> launch.addTaskInfos(taskInfo(l, role)));
        return Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(Protos.OfferID.newBuilder().setValue(offerId))
                .addOperations(Protos.Offer.Operation.newBuilder()
                        .setType(Protos.Offer.Operation.Type.LAUNCH).setLaunch(launch))
                .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(refuseSeconds)));
    }

    static Protos.TaskInfo taskInfo(Launch launch, String role) {
        Protos.Environment.Builder env = Protos.Environment.newBuilder();
        launch.environment().forEach((name, value) -> env.addVariables(
                Protos.Environment.Variable.newBuilder().setName(name).setValue(value)));
        Protos.TaskInfo.Builder task = Protos.TaskInfo.newBuilder()
                .setName(launch.name())
                .setTaskId(Protos.TaskID.newBuilder().setValue(launch.taskId()))
                .setAgentId(agentId(launch.agentId()))
                .setCommand(Protos.CommandInfo.newBuilder().setShell(true).setValue(launch.command()).setEnvironment(env))
                .addResources(scalar("cpus", launch.cpus(), role))
                .addResources(scalar("mem", launch.memMb(), role))
                .addResources(scalar("disk", launch.diskMb(), role));
        if (!launch.ports().isEmpty()) {
            Protos.Value.Ranges.Builder ranges = Protos.Value.Ranges.newBuilder();
            launch.portNumbers().forEach(p -> ranges.addRange(Protos.Value.Range.newBuilder().setBegin(p).setEnd(p)));
            task.addResources(resource("ports", role).setType(Protos.Value.Type.RANGES).setRanges(ranges));
        }
        if (launch.killGracePeriodSecs() != null) {
            task.setKillPolicy(killPolicy(launch.killGracePeriodSecs()));
        }
        if (launch.healthCheck() != null) {
            healthCheck(launch.healthCheck(), launch.ports()).ifPresent(task::setHealthCheck);
        }
        return task.build();
    }

    static Optional<Protos.HealthCheck> healthCheck(HealthCheck check, Map<String, Integer> ports) {
        Protos.HealthCheck.Builder health = Protos.HealthCheck.newBuilder();
        if (check.http() != null && ports.containsKey(check.http().port())) {
            health.setType(Protos.HealthCheck.Type.HTTP).setHttp(Protos.HealthCheck.HTTPCheckInfo.newBuilder()
                    .setPort(ports.get(check.http().port()))
                    .setPath(check.http().path() == null ? "/" : check.http().path()));
        } else if (check.tcp() != null && ports.containsKey(check.tcp().port())) {
            health.setType(Protos.HealthCheck.Type.TCP).setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder()
                    .setPort(ports.get(check.tcp().port())));
        } else if (check.command() != null) {
            health.setType(Protos.HealthCheck.Type.COMMAND)
                    .setCommand(Protos.CommandInfo.newBuilder().setShell(true).setValue(check.command()));
        } else {
            return Optional.empty();
        }
        if (check.initialDelaySecs() != null) {
            health.setDelaySeconds(check.initialDelaySecs()).setGracePeriodSeconds(check.initialDelaySecs());
        }
        if (check.intervalSecs() != null) {
            health.setIntervalSeconds(check.intervalSecs());
        }
        if (check.timeoutSecs() != null) {
            health.setTimeoutSeconds(check.timeoutSecs());
        }
        if (check.consecutiveFailures() != null) {
            health.setConsecutiveFailures(check.consecutiveFailures());
        }
        return Optional.of(health.build());
    }

    private static Protos.Resource.Builder resource(String name, String role) {
        Protos.Resource.Builder resource = Protos.Resource.newBuilder().setName(name).setRole("*");
        if (role != null) {
            resource.setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(role));
        }
        return resource;
    }

    private static Protos.Resource.Builder scalar(String name, double value, String role) {
        return resource(name, role).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value));
    }

    private static Protos.KillPolicy killPolicy(int graceSecs) {
        return Protos.KillPolicy.newBuilder()
                .setGracePeriod(Protos.DurationInfo.newBuilder().setNanoseconds(graceSecs * 1_000_000_000L)).build();
    }

    public static Call.Builder decline(List<String> offerIds, double refuseSeconds) {
        Call.Decline.Builder decline = Call.Decline.newBuilder()
                .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(refuseSeconds));
        offerIds.forEach(id -> decline.addOfferIds(Protos.OfferID.newBuilder().setValue(id)));
        return Call.newBuilder().setType(Call.Type.DECLINE).setDecline(decline);
    }

    public static Call.Builder kill(TaskRef task, Integer graceSecs) {
        Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(task.taskId()));
        if (task.agentId() != null) {
            kill.setAgentId(agentId(task.agentId()));
        }
        if (graceSecs != null) {
            kill.setKillPolicy(killPolicy(graceSecs));
        }
        return Call.newBuilder().setType(Call.Type.KILL).setKill(kill);
    }

    public static Call.Builder acknowledge(String taskId, String agentId, byte[] uuid) {
        return Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setAgentId(agentId(agentId))
                .setUuid(ByteString.copyFrom(uuid)));
    }

    /** RECONCILE: explicit for the given tasks, implicit (all of ours) for an empty list. */
    public static Call.Builder reconcile(List<TaskRef> tasks) {
        Call.Reconcile.Builder reconcile = Call.Reconcile.newBuilder();
        for (TaskRef task : tasks) {
            Call.Reconcile.Task.Builder entry = Call.Reconcile.Task.newBuilder()
                    .setTaskId(Protos.TaskID.newBuilder().setValue(task.taskId()));
            if (task.agentId() != null) {
                entry.setAgentId(agentId(task.agentId()));
            }
            reconcile.addTasks(entry);
        }
        return Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(reconcile);
    }

    public static Call.Builder revive(List<String> roles) {
        return Call.newBuilder().setType(Call.Type.REVIVE).setRevive(Call.Revive.newBuilder().addAllRoles(roles));
    }

    public static Call.Builder suppress(List<String> roles) {
        return Call.newBuilder().setType(Call.Type.SUPPRESS).setSuppress(Call.Suppress.newBuilder().addAllRoles(roles));
    }

    static Protos.FrameworkID frameworkId(String id) {
        return Protos.FrameworkID.newBuilder().setValue(id).build();
    }

    private static Protos.AgentID agentId(String id) {
        return Protos.AgentID.newBuilder().setValue(id).build();
    }
}
