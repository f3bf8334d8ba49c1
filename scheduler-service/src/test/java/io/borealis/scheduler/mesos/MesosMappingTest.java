package io.borealis.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.borealis.api.job.HealthCheck;
import io.borealis.api.task.TaskStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

class MesosMappingTest {

    @Test
    void offerBecomesOurRecord() {
        Protos.Offer offer = Protos.Offer.newBuilder()
                .setId(Protos.OfferID.newBuilder().setValue("o1"))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a1"))
                .setHostname("host1")
                .addResources(scalar("cpus", 2))
                .addResources(scalar("mem", 1024))
                .addResources(scalar("disk", 4096))
                .addResources(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                        .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole("*"))
                        .setRanges(Protos.Value.Ranges.newBuilder()
                                .addRange(Protos.Value.Range.newBuilder().setBegin(31000).setEnd(31009))))
                .addAttributes(Protos.Attribute.newBuilder().setName("zone").setType(Protos.Value.Type.TEXT)
                        .setText(Protos.Value.Text.newBuilder().setValue("a")))
                .addAttributes(Protos.Attribute.newBuilder().setName("rack").setType(Protos.Value.Type.SCALAR)
                        .setScalar(Protos.Value.Scalar.newBuilder().setValue(3)))
                .build();

        Offer ours = MesosMapping.offer(offer);

        assertThat(ours).isEqualTo(new Offer("o1", "a1", "host1", Map.of("zone", "a", "rack", "3"), 2, 1024, 4096,
                List.of(new Offer.PortRange(31000, 31009)), "*"));
    }

    @Test
    void updateCarriesUuidOnlyWhenMesosSentOne() {
        Protos.TaskStatus status = Protos.TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue("t1"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a1"))
                .setState(Protos.TaskState.TASK_RUNNING)
                .setSource(Protos.TaskStatus.Source.SOURCE_EXECUTOR)
                .setHealthy(true)
                .setUuid(ByteString.copyFromUtf8("0123456789abcdef"))
                .build();
        StatusUpdate update = MesosMapping.update(status);
        assertThat(update.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(update.healthy()).isTrue();
        assertThat(update.needsAck()).isTrue();

        StatusUpdate reconciliation = MesosMapping.update(status.toBuilder().clearUuid()
                .setReason(Protos.TaskStatus.Reason.REASON_RECONCILIATION).build());
        assertThat(reconciliation.needsAck()).isFalse();
        assertThat(reconciliation.describe()).contains("REASON_RECONCILIATION");
    }

    @Test
    void heartbeatAndUnknownEventsAreNotPublished() {
        assertThat(MesosMapping.event(Event.newBuilder().setType(Event.Type.HEARTBEAT).build())).isEmpty();
        assertThat(MesosMapping.event(Event.newBuilder().setType(Event.Type.UNKNOWN).build())).isEmpty();
    }

    @Test
    void launchHasShellCommandEnvironmentResourcesPortsKillPolicyAndHealthCheck() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("http", 31000);
        ports.put("admin", 31001);
        Launch launch = new Launch("t1", "web/prod/hello/0", "a1", "exec python3 -m http.server $PORT_HTTP",
                Map.of("PORT_HTTP", "31000"), 0.25, 128, 64, ports,
                new HealthCheck(new HealthCheck.Http("http", "/health"), null, null, 5, 2, 1, 3), 7);

        Call call = MesosMapping.accept("o1", "*", List.of(launch), 5).setFrameworkId(
                Protos.FrameworkID.newBuilder().setValue("fw")).build();

        assertThat(call.getAccept().getOfferIds(0).getValue()).isEqualTo("o1");
        assertThat(call.getAccept().getFilters().getRefuseSeconds()).isEqualTo(5.0);
        Protos.TaskInfo task = call.getAccept().getOperations(0).getLaunch().getTaskInfos(0);
        assertThat(task.getTaskId().getValue()).isEqualTo("t1");
        assertThat(task.getAgentId().getValue()).isEqualTo("a1");
        assertThat(task.getCommand().getShell()).isTrue();
        assertThat(task.getCommand().getValue()).isEqualTo("exec python3 -m http.server $PORT_HTTP");
        assertThat(task.getCommand().getEnvironment().getVariablesList())
                .extracting(Protos.Environment.Variable::getName).containsExactly("PORT_HTTP");
        assertThat(task.getResourcesList()).extracting(Protos.Resource::getName)
                .containsExactly("cpus", "mem", "disk", "ports");
        assertThat(task.getResourcesList()).allMatch(r -> r.getRole().equals("*") && r.getAllocationInfo().getRole().equals("*"));
        assertThat(task.getResources(3).getRanges().getRangeList()).extracting(Protos.Value.Range::getBegin)
                .containsExactly(31000L, 31001L);
        assertThat(task.getKillPolicy().getGracePeriod().getNanoseconds()).isEqualTo(7_000_000_000L);
        assertThat(task.getHealthCheck().getType()).isEqualTo(Protos.HealthCheck.Type.HTTP);
        assertThat(task.getHealthCheck().getHttp().getPort()).isEqualTo(31000);
        assertThat(task.getHealthCheck().getHttp().getPath()).isEqualTo("/health");
        assertThat(task.getHealthCheck().getConsecutiveFailures()).isEqualTo(3);
    }

    @Test
    void otherCalls() {
        assertThat(MesosMapping.decline(List.of("o1", "o2"), 60).build().getDecline().getFilters().getRefuseSeconds())
                .isEqualTo(60.0);
        assertThat(MesosMapping.kill(new TaskRef("t1", "a1"), 3).build().getKill().getKillPolicy().getGracePeriod()
                .getNanoseconds()).isEqualTo(3_000_000_000L);
        assertThat(MesosMapping.reconcile(List.of()).build().getReconcile().getTasksCount()).isZero();
        assertThat(MesosMapping.reconcile(List.of(new TaskRef("t1", "a1"))).build().getReconcile().getTasks(0)
                .getAgentId().getValue()).isEqualTo("a1");
        assertThat(MesosMapping.acknowledge("t1", "a1", new byte[] {1, 2}).build().getAcknowledge().getUuid().size())
                .isEqualTo(2);
        assertThat(MesosMapping.suppress(List.of("*")).build().getType()).isEqualTo(Call.Type.SUPPRESS);
        assertThat(MesosMapping.revive(List.of("*")).build().getType()).isEqualTo(Call.Type.REVIVE);
    }

    private static Protos.Resource scalar(String name, double value) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole("*"))
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
    }
}
