package io.borealis.cluster.master;

import static io.borealis.cluster.MesosTestClient.framework;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.cluster.LocalClusterLauncher;
import io.borealis.cluster.MesosTestClient;
import io.borealis.cluster.RunningCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability.Type;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler API end to end: a plain HTTP client against a cluster running real processes. */
class SchedulerApiIT {

    @TempDir
    static Path workDir;
    static RunningCluster cluster;

    @BeforeAll
    static void start() {
        cluster = LocalClusterLauncher.start(Map.of(
                "borealis.cluster.agents", 2,
                "borealis.cluster.work-dir", workDir.toString(),
                "borealis.cluster.heartbeat-interval", "1s",
                "borealis.cluster.update-retry-interval", "300ms",
                "borealis.cluster.kill-grace-period", "1s",
                "management.endpoints.web.exposure.include", "health,prometheus"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void subscribeStreamsSubscribedHeartbeatsAndOffers() throws Exception {
        try (MesosTestClient scheduler = MesosTestClient.subscribe(cluster.masterUri(), framework("offers").build())) {
            assertThat(scheduler.streamId()).isNotBlank();
            assertThat(scheduler.events().get(0).getType()).isEqualTo(Event.Type.SUBSCRIBED);
            Event offers = scheduler.await(e -> e.getType() == Event.Type.OFFERS);
            await().atMost(MesosTestClient.WAIT).until(() -> scheduler.events().stream()
                    .filter(e -> e.getType() == Event.Type.HEARTBEAT).count() >= 2);

            assertThat(scheduler.events().get(1).getType()).isEqualTo(Event.Type.HEARTBEAT);
            assertThat(offers.getOffers().getOffersList()).hasSize(2).allSatisfy(offer -> {
                assertThat(offer.getHostname()).isEqualTo("127.0.0.1");
                assertThat(offer.getAttributesList()).extracting(a -> a.getName()).containsExactly("host", "zone", "rack");
                assertThat(offer.getResourcesList()).extracting(Resource::getName)
                        .containsExactly("cpus", "mem", "disk", "ports");
            });
            assertThat(offers.getOffers().getOffers(1).getResources(3).getRanges().getRange(0).getBegin()).isEqualTo(32000);
        }
    }

    @Test
    void launchesProcessesReportsTheirLifecycleAndKillsThem() throws Exception {
        try (MesosTestClient scheduler = MesosTestClient.subscribe(cluster.masterUri(),
                framework("lifecycle", Type.TASK_KILLING_STATE, Type.PARTITION_AWARE).build())) {
            Offer offer = scheduler.await(e -> e.getType() == Event.Type.OFFERS).getOffers().getOffers(0);
            launch(scheduler, offer, List.of(
                    task("sleeper", offer, "sleep 30", Map.of()),
                    task("failing", offer, "exit 3", Map.of()),
                    task("greeter", offer, "echo $GREETING $MESOS_TASK_ID", Map.of("GREETING", "hi"))));

            TaskStatus starting = scheduler.awaitUpdate("failing", TaskState.TASK_STARTING);
            assertThat(starting.getUuid().size()).isEqualTo(16);
            assertThat(starting.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
            // not acknowledged: it comes again, and the task's later updates wait behind it
            await().atMost(MesosTestClient.WAIT).until(() -> scheduler.events().stream()
                    .filter(e -> e.hasUpdate() && e.getUpdate().getStatus().getUuid().equals(starting.getUuid()))
                    .count() >= 2);
            assertThat(scheduler.events()).noneMatch(e -> e.hasUpdate()
                    && e.getUpdate().getStatus().getTaskId().getValue().equals("failing")
                    && e.getUpdate().getStatus().getState() == TaskState.TASK_RUNNING);
            // and is counted as resent, where an operator sees a scheduler whose acknowledgements lag
            assertThat(resent()).isPositive();
            scheduler.ack(starting);
            scheduler.awaitAndAck("failing", TaskState.TASK_RUNNING);
            TaskStatus failed = scheduler.awaitAndAck("failing", TaskState.TASK_FAILED);
            assertThat(failed.getMessage()).contains("status 3");

            scheduler.awaitAndAck("greeter", TaskState.TASK_STARTING);
            scheduler.awaitAndAck("greeter", TaskState.TASK_RUNNING);
            scheduler.awaitAndAck("greeter", TaskState.TASK_FINISHED);
            Path sandbox = workDir.resolve("agents").resolve(offer.getAgentId().getValue()).resolve("sandboxes")
                    .resolve("greeter");
            assertThat(Files.readString(sandbox.resolve("stdout"))).isEqualTo("hi greeter\n");

            scheduler.awaitAndAck("sleeper", TaskState.TASK_STARTING);
            TaskStatus running = scheduler.awaitAndAck("sleeper", TaskState.TASK_RUNNING);
            assertThat(running.getAgentId()).isEqualTo(offer.getAgentId());
            long pid = cluster.pid("sleeper").orElseThrow();
            List<ProcessHandle> group = ProcessHandle.of(pid).stream()
                    .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants())).toList();
            assertThat(group).allMatch(ProcessHandle::isAlive);

            assertThat(scheduler.call(Call.newBuilder().setType(Call.Type.KILL)
                    .setKill(Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue("sleeper"))))
                    .statusCode()).isEqualTo(202);
            scheduler.awaitAndAck("sleeper", TaskState.TASK_KILLING);
            scheduler.awaitAndAck("sleeper", TaskState.TASK_KILLED);
            await().atMost(MesosTestClient.WAIT).until(() -> group.stream().noneMatch(ProcessHandle::isAlive));

            // acknowledged terminal tasks are forgotten: reconciliation calls them unknown
            scheduler.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
                    .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("sleeper")))));
            TaskStatus unknown = scheduler.awaitUpdate("sleeper", TaskState.TASK_UNKNOWN);
            assertThat(unknown.hasUuid()).isFalse();
            assertThat(unknown.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        }
    }

    @Test
    void reconcilesRunningTasksAndRejectsInvalidLaunches() throws Exception {
        try (MesosTestClient scheduler = MesosTestClient.subscribe(cluster.masterUri(), framework("reconcile").build())) {
            Offer offer = scheduler.await(e -> e.getType() == Event.Type.OFFERS).getOffers().getOffers(0);
            TaskInfo greedy = task("greedy", offer, "true", Map.of()).toBuilder().clearResources()
                    .addResources(scalar("cpus", 1000)).build();
            launch(scheduler, offer, List.of(task("steady", offer, "sleep 30", Map.of()), greedy));

            TaskStatus error = scheduler.awaitUpdate("greedy", TaskState.TASK_ERROR);
            assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
            assertThat(error.hasUuid()).isFalse();
            scheduler.awaitAndAck("steady", TaskState.TASK_STARTING);
            scheduler.awaitUpdate("steady", TaskState.TASK_RUNNING);

            scheduler.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()));
            TaskStatus reconciled = scheduler.await(e -> e.hasUpdate()
                    && e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION)
                    .getUpdate().getStatus();
            assertThat(reconciled.getTaskId().getValue()).isEqualTo("steady");
            assertThat(reconciled.getState()).isEqualTo(TaskState.TASK_RUNNING);
            assertThat(reconciled.hasUuid()).isFalse();

            // an offer id is usable once: its tasks are lost (not partition-aware)
            launch(scheduler, offer, List.of(task("late", offer, "true", Map.of())));
            assertThat(scheduler.awaitUpdate("late", TaskState.TASK_LOST).getReason())
                    .isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
        }
        await().atMost(MesosTestClient.WAIT).until(() -> cluster.tasksInState("TASK_RUNNING").isEmpty());
    }

    @Test
    void appliesTheMasterChecksInMesosOrder() throws Exception {
        try (MesosTestClient scheduler = MesosTestClient.subscribe(cluster.masterUri(), framework("checks").build())) {
            URI endpoint = cluster.masterUri().resolve("/api/v1/scheduler");
            Call revive = Call.newBuilder().setType(Call.Type.REVIVE)
                    .setFrameworkId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(scheduler.frameworkId()))
                    .build();

            assertThat(scheduler.send(HttpRequest.newBuilder(endpoint).GET().build()).statusCode()).isEqualTo(405);
            assertThat(scheduler.send(HttpRequest.newBuilder(endpoint)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(revive.toByteArray())).build()).statusCode())
                    .isEqualTo(400);
            assertThat(scheduler.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("hi")).build()).statusCode()).isEqualTo(415);
            assertThat(scheduler.send(scheduler.request(revive).POST(HttpRequest.BodyPublishers.ofByteArray(
                    new byte[] {0x12, 0x7f})).build()).body()).contains("Failed to parse");
            assertThat(scheduler.send(scheduler.request(Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                    .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(framework("x"))).build())
                    .header("Mesos-Stream-Id", "s").build()).statusCode()).isEqualTo(400);
            var unknown = scheduler.send(scheduler.request(revive.toBuilder()
                    .setFrameworkId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue("nobody")).build())
                    .header("Mesos-Stream-Id", scheduler.streamId()).build());
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("Framework cannot be found");
            assertThat(scheduler.send(scheduler.request(revive).build()).statusCode()).isEqualTo(400);
            assertThat(scheduler.send(scheduler.request(revive).header("Mesos-Stream-Id", "stale").build()).body())
                    .contains("didn't match");
            assertThat(scheduler.call(revive.toBuilder()).statusCode()).isEqualTo(202);
        }
        try (MesosTestClient away = MesosTestClient.subscribe(cluster.masterUri(),
                framework("away").setFailoverTimeout(60).build())) {
            away.drop();
            // the master notices at the next heartbeat; then the framework exists but is not subscribed
            await().atMost(MesosTestClient.WAIT).until(() -> away.call(Call.newBuilder().setType(Call.Type.REVIVE))
                    .statusCode() == 403);
            try (MesosTestClient back = MesosTestClient.subscribe(cluster.masterUri(),
                    framework("away").setId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder()
                            .setValue(away.frameworkId())).build())) {
                assertThat(back.frameworkId()).isEqualTo(away.frameworkId());
            }
        }
    }

    @Test
    void failoverEndsTheOldStreamAndTeardownRemovesTheFramework() throws Exception {
        MesosTestClient first = MesosTestClient.subscribe(cluster.masterUri(),
                framework("failover").setFailoverTimeout(60).build());
        var id = org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(first.frameworkId());
        try (MesosTestClient second = MesosTestClient.subscribe(cluster.masterUri(),
                framework("failover").setFailoverTimeout(60).setId(id).build())) {
            assertThat(first.await(e -> e.getType() == Event.Type.ERROR).getError().getMessage())
                    .isEqualTo("Framework failed over");
            await().atMost(MesosTestClient.WAIT).until(first::ended);
            assertThat(second.frameworkId()).isEqualTo(first.frameworkId());
        } finally {
            first.drop();
        }
        try (MesosTestClient removed = MesosTestClient.subscribe(cluster.masterUri(),
                framework("failover").setId(id).build())) {
            assertThat(removed.await(e -> e.getType() == Event.Type.ERROR).getError().getMessage())
                    .isEqualTo("Framework has been removed");
        }
    }

    /** local-cluster's count of status updates sent again, from its Prometheus endpoint. */
    private static double resent() throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(cluster.masterUri().resolve("/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        return metrics.body().lines().filter(l -> l.startsWith("borealis_cluster_status_updates_total{delivery=\"resent\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static void launch(MesosTestClient scheduler, Offer offer, List<TaskInfo> tasks) throws Exception {
        int code = scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId())
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks)))
                .setFilters(Filters.newBuilder().setRefuseSeconds(0)))).statusCode();
        assertThat(code).isEqualTo(202);
    }

    static TaskInfo task(String id, Offer offer, String command, Map<String, String> env) {
        Environment.Builder environment = Environment.newBuilder();
        env.forEach((k, v) -> environment.addVariables(Environment.Variable.newBuilder().setName(k).setValue(v)));
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue(offer.getAgentId().getValue()))
                .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32))
                .setCommand(CommandInfo.newBuilder().setValue(command).setEnvironment(environment)).build();
    }

    static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
