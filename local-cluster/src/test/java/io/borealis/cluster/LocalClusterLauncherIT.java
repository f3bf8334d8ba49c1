package io.borealis.cluster;

import static io.borealis.cluster.MesosTestClient.framework;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability.Type;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/**
 * The launcher as scheduler-service's tests use it: this module's test class path carries JPA,
 * Flyway and a PostgreSQL driver with no database, so a launcher that let their
 * auto-configuration in would fail to start.
 */
class LocalClusterLauncherIT {

    @Test
    void aStoppedAgentIsAPartitionItsTasksComeBackWithItAndClosingLeavesNoProcess() throws Exception {
        long pid;
        try (RunningCluster cluster = LocalClusterLauncher.start(Map.of("borealis.cluster.agents", 2,
                "borealis.cluster.heartbeat-interval", "1s"))) {
            assertThat(cluster.agentIds()).hasSize(2);
            assertThat(get(cluster.masterUri().resolve("/master/health"))).isEqualTo(200);
            assertThat(get(cluster.masterUri().resolve("/api/v1/cluster/agents/nope/stop"))).isEqualTo(405);

            try (MesosTestClient scheduler = MesosTestClient.subscribe(cluster.masterUri(),
                    framework("launcher", Type.PARTITION_AWARE).build())) {
                Offer offer = scheduler.await(e -> e.getType() == Event.Type.OFFERS).getOffers().getOffers(0);
                launch(scheduler, offer, "partitioned", "sleep 60");
                scheduler.awaitAndAck("partitioned", TaskState.TASK_STARTING);
                scheduler.awaitAndAck("partitioned", TaskState.TASK_RUNNING);
                long partitioned = cluster.pid("partitioned").orElseThrow();
                assertThat(cluster.tasksInState("TASK_RUNNING")).containsExactly("partitioned");
                // the unused remainder (refuse_seconds 0) is offered again; stopping the agent rescinds it
                awaitOffers(scheduler, offer.getAgentId(), 2);

                cluster.stopAgent(offer.getAgentId().getValue());

                // a partition, as Mesos sees one: UNREACHABLE (no uuid), but the process keeps running
                assertThat(scheduler.awaitUpdate("partitioned", TaskState.TASK_UNREACHABLE).hasUuid()).isFalse();
                scheduler.await(e -> e.getType() == Event.Type.RESCIND);
                assertThat(cluster.taskState("partitioned")).contains("TASK_UNREACHABLE");
                assertThat(ProcessHandle.of(partitioned)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

                // the agent returns: reconciliation finds the task running; the framework decides (here: kills it)
                cluster.startAgent(offer.getAgentId().getValue());
                assertThat(cluster.taskState("partitioned")).contains("TASK_RUNNING");
                int seen = scheduler.events().size();
                assertThat(scheduler.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile
                        .newBuilder().addTasks(Call.Reconcile.Task.newBuilder()
                                .setTaskId(TaskID.newBuilder().setValue("partitioned"))))).statusCode()).isEqualTo(202);
                await().atMost(MesosTestClient.WAIT).until(() -> scheduler.events().subList(seen, scheduler.events().size())
                        .stream().anyMatch(e -> e.getType() == Event.Type.UPDATE
                                && e.getUpdate().getStatus().getState() == TaskState.TASK_RUNNING));
                assertThat(scheduler.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
                        .setTaskId(TaskID.newBuilder().setValue("partitioned")))).statusCode()).isEqualTo(202);
                scheduler.awaitAndAck("partitioned", TaskState.TASK_KILLED);
                await().atMost(MesosTestClient.WAIT).until(() -> ProcessHandle.of(partitioned).isEmpty()
                        || !ProcessHandle.of(partitioned).get().isAlive());
                awaitOffers(scheduler, offer.getAgentId(), 3);

                launch(scheduler, scheduler.events().stream().filter(e -> e.getType() == Event.Type.OFFERS)
                        .flatMap(e -> e.getOffers().getOffersList().stream()).reduce((a, b) -> b).orElseThrow(),
                        "survivor", "sleep 60");
                scheduler.awaitAndAck("survivor", TaskState.TASK_STARTING);
                scheduler.awaitAndAck("survivor", TaskState.TASK_RUNNING);
                pid = cluster.pid("survivor").orElseThrow();
                scheduler.drop(); // keeps the framework (and task) until the cluster closes
            }
        }
        long survivor = pid;
        await().atMost(MesosTestClient.WAIT).until(() -> ProcessHandle.of(survivor).isEmpty()
                || !ProcessHandle.of(survivor).get().isAlive());
    }

    @Test
    void simulatedModeRunsNoProcessesAndReportsHealth() throws Exception {
        try (RunningCluster cluster = LocalClusterLauncher.start(Map.of("borealis.cluster.simulated", true,
                "borealis.cluster.agents", 50));
                MesosTestClient scheduler = MesosTestClient.subscribe(cluster.masterUri(), framework("sim").build())) {
            Event offers = scheduler.await(e -> e.getType() == Event.Type.OFFERS);
            assertThat(offers.getOffers().getOffersCount()).isEqualTo(50);
            Offer offer = offers.getOffers().getOffers(49);
            TaskInfo task = TaskInfo.newBuilder().setName("sim").setTaskId(TaskID.newBuilder().setValue("sim"))
                    .setAgentId(AgentID.newBuilder().setValue(offer.getAgentId().getValue()))
                    .addResources(Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
                            .setScalar(Value.Scalar.newBuilder().setValue(1)))
                    .setCommand(CommandInfo.newBuilder().setValue("this would fail"))
                    .setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.TCP)
                            .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(1)))
                    .build();
            accept(scheduler, offer, List.of(task));

            scheduler.awaitAndAck("sim", TaskState.TASK_STARTING);
            assertThat(scheduler.awaitAndAck("sim", TaskState.TASK_RUNNING).getHealthy()).isTrue();
            assertThat(cluster.pid("sim")).isEmpty();
            assertThat(cluster.taskState("sim")).contains("TASK_RUNNING");

            // the operator's switch fails running simulated tasks at once
            URI fail = cluster.masterUri().resolve("/api/v1/cluster/simulation/fail");
            assertThat(post(fail, "{}")).as("a body that names nothing").startsWith("400");
            assertThat(post(fail, "{\"taskIds\": [\"sim\", \"nope\"]}")).isEqualTo("200 {\"failed\":[\"sim\"]}");
            assertThat(scheduler.awaitAndAck("sim", TaskState.TASK_FAILED).getMessage()).contains("operator");
            assertThat(post(fail, "{\"count\": 5}")).as("nothing left running").isEqualTo("200 {\"failed\":[]}");
        }
    }

    @Test
    void theSimulatedFailureSwitchIsRefusedWhenAgentsRunRealProcesses() throws Exception {
        try (RunningCluster cluster = LocalClusterLauncher.start(Map.of("borealis.cluster.agents", 1))) {
            assertThat(post(cluster.masterUri().resolve("/api/v1/cluster/simulation/fail"), "{\"count\": 1}"))
                    .startsWith("409").contains("not-simulated");
        }
    }

    @Test
    void aSimulatedTaskFailsWhenItsEnvironmentAsks() throws Exception {
        try (RunningCluster cluster = LocalClusterLauncher.start(Map.of("borealis.cluster.simulated", true,
                "borealis.cluster.agents", 3));
                MesosTestClient scheduler = MesosTestClient.subscribe(cluster.masterUri(), framework("sim").build())) {
            Event offers = scheduler.await(e -> e.getType() == Event.Type.OFFERS);
            assertThat(offers.getOffers().getOffersCount()).isEqualTo(3);
            List<Offer> three = offers.getOffers().getOffersList();
            accept(scheduler, three.get(0), List.of(simulated(three.get(0), "at-once", "fail")));
            accept(scheduler, three.get(1), List.of(simulated(three.get(1), "later", "fail-after=0.5")));
            accept(scheduler, three.get(2), List.of(simulated(three.get(2), "fine", "nonsense")));

            scheduler.awaitAndAck("at-once", TaskState.TASK_STARTING);
            assertThat(scheduler.awaitAndAck("at-once", TaskState.TASK_FAILED).getMessage()).contains("BOREALIS_SIMULATE");
            assertThat(scheduler.events().stream().filter(e -> e.getType() == Event.Type.UPDATE)
                    .map(e -> e.getUpdate().getStatus())
                    .filter(s -> s.getTaskId().getValue().equals("at-once"))
                    .map(s -> s.getState()).toList()).as("never RUNNING")
                    .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_FAILED);

            // status updates follow one another once acknowledged, as Mesos has it
            scheduler.awaitAndAck("later", TaskState.TASK_STARTING);
            scheduler.awaitAndAck("later", TaskState.TASK_RUNNING);
            scheduler.awaitAndAck("later", TaskState.TASK_FAILED);

            // an unknown value changes nothing: the task runs and stays
            scheduler.awaitAndAck("fine", TaskState.TASK_STARTING);
            scheduler.awaitAndAck("fine", TaskState.TASK_RUNNING);
            assertThat(cluster.taskState("fine")).contains("TASK_RUNNING");
        }
    }

    private static TaskInfo simulated(Offer offer, String id, String simulate) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue(offer.getAgentId().getValue()))
                .addResources(Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
                        .setScalar(Value.Scalar.newBuilder().setValue(0.1)))
                .setCommand(CommandInfo.newBuilder().setValue("not run").setEnvironment(
                        org.apache.mesos.v1.Protos.Environment.newBuilder().addVariables(
                                org.apache.mesos.v1.Protos.Environment.Variable.newBuilder()
                                        .setName("BOREALIS_SIMULATE").setValue(simulate))))
                .build();
    }

    private static void launch(MesosTestClient scheduler, Offer offer, String id, String command) throws Exception {
        accept(scheduler, offer, List.of(TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue(offer.getAgentId().getValue()))
                .addResources(Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
                        .setScalar(Value.Scalar.newBuilder().setValue(0.5)))
                .setCommand(CommandInfo.newBuilder().setValue(command)).build()));
    }

    private static void accept(MesosTestClient scheduler, Offer offer, List<TaskInfo> tasks) throws Exception {
        assertThat(scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId()).addOperations(Offer.Operation.newBuilder()
                        .setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks)))
                .setFilters(org.apache.mesos.v1.Protos.Filters.newBuilder().setRefuseSeconds(0))))
                .statusCode()).isEqualTo(202);
    }

    private static void awaitOffers(MesosTestClient scheduler, AgentID agent, int count) {
        await().atMost(MesosTestClient.WAIT).until(() -> scheduler.events().stream()
                .filter(e -> e.getType() == Event.Type.OFFERS)
                .flatMap(e -> e.getOffers().getOffersList().stream())
                .filter(o -> o.getAgentId().equals(agent)).count() >= count);
    }

    /** "status body" of a JSON POST. */
    private static String post(URI uri, String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static int get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
