package io.borealis.cluster.agent;

import static io.borealis.cluster.MesosTestClient.framework;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.cluster.LocalClusterLauncher;
import io.borealis.cluster.MesosTestClient;
import io.borealis.cluster.RunningCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP health checks against real processes: a tiny Java single-file HTTP server (the machine has
 * a JDK and nothing else) whose {@code /health} always answers 200 and whose {@code /flaky}
 * answers 200 once, then 503. Every request is logged to the task's stdout.
 */
class HealthCheckIT {

    /** Compiling the server from source takes seconds on a loaded machine. */
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private static final String SERVER = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            import java.util.concurrent.atomic.AtomicInteger;
            public class H {
                public static void main(String[] args) throws Exception {
                    AtomicInteger flaky = new AtomicInteger();
                    HttpServer server = HttpServer.create(
                            new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 0);
                    server.createContext("/", exchange -> {
                        String path = exchange.getRequestURI().getPath();
                        int code = path.equals("/health") || (path.equals("/flaky") && flaky.getAndIncrement() == 0)
                                ? 200 : 503;
                        System.out.println(path + " " + code);
                        System.out.flush();
                        exchange.sendResponseHeaders(code, -1);
                        exchange.close();
                    });
                    System.out.println("pid " + ProcessHandle.current().pid());
                    System.out.flush();
                    server.start();
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aServingTaskIsHealthyAndAFailingOneIsKilledAfterConsecutiveFailures() throws Exception {
        Path source = Files.writeString(dir.resolve("H.java"), SERVER);
        Path work = Files.createDirectories(dir.resolve("work"));
        // other clusters on this machine hand out 31000 and up: these two ports are free now
        int firstPort = freePortPair();
        try (RunningCluster cluster = LocalClusterLauncher.start(Map.of("borealis.cluster.agents", 1,
                "borealis.cluster.first-port", firstPort, "borealis.cluster.ports-per-agent", 2,
                "borealis.cluster.work-dir", work.toString(), "borealis.cluster.kill-grace-period", "1s"));
                MesosTestClient scheduler = MesosTestClient.subscribe(cluster.masterUri(), framework("health").build())) {
            Offer offer = scheduler.await(e -> e.getType() == Event.Type.OFFERS).getOffers().getOffers(0);
            Path sandbox = work.resolve("agents").resolve(offer.getAgentId().getValue()).resolve("sandboxes");
            TaskInfo healthy = server("healthy", offer, source, firstPort, "/health");
            TaskInfo flaky = server("flaky", offer, source, firstPort + 1, "/flaky");
            assertThat(scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                    .addOfferIds(offer.getId())
                    .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                            .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(healthy).addTaskInfos(flaky)))
                    .setFilters(Filters.newBuilder().setRefuseSeconds(0)))).statusCode()).isEqualTo(202);

            for (String task : new String[] {"healthy", "flaky"}) {
                scheduler.awaitAndAck(task, TaskState.TASK_STARTING);
                TaskStatus running = scheduler.awaitAndAck(task, TaskState.TASK_RUNNING);
                assertThat(running.hasHealthy()).isFalse(); // no opinion before the first probe
            }
            TaskStatus serving = awaitHealth(scheduler, "healthy", true);
            assertThat(serving.getState()).isEqualTo(TaskState.TASK_RUNNING);
            assertThat(serving.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED);

            awaitHealth(scheduler, "flaky", true);
            TaskStatus failing = awaitHealth(scheduler, "flaky", false);
            assertThat(failing.getState()).isEqualTo(TaskState.TASK_RUNNING);
            TaskStatus killed = scheduler.awaitAndAck("flaky", TaskState.TASK_KILLED);
            assertThat(killed.getHealthy()).isFalse();
            assertThat(killed.getMessage()).contains("health check");
            // one success, then exactly consecutive_failures (3) failures before the kill
            List<String> requests = Files.readAllLines(sandbox.resolve("flaky").resolve("stdout"));
            assertThat(requests.stream().filter(line -> line.startsWith("/flaky ")))
                    .containsExactly("/flaky 200", "/flaky 503", "/flaky 503", "/flaky 503");
            long flakyPid = Long.parseLong(requests.get(0).substring("pid ".length()));
            await().atMost(MesosTestClient.WAIT).until(() -> ProcessHandle.of(flakyPid).map(p -> !p.isAlive())
                    .orElse(true));

            // the healthy one stays up and healthy
            assertThat(cluster.taskState("healthy")).contains("TASK_RUNNING");
            assertThat(ProcessHandle.of(cluster.pid("healthy").orElseThrow())).hasValueSatisfying(
                    p -> assertThat(p.isAlive()).isTrue());
            List<String> served = Files.readAllLines(sandbox.resolve("healthy").resolve("stdout"));
            assertThat(served.stream().filter(line -> line.startsWith("/health "))).isNotEmpty()
                    .containsOnly("/health 200");
            assertThat(scheduler.events()).noneMatch(e -> e.hasUpdate()
                    && e.getUpdate().getStatus().getTaskId().getValue().equals("healthy")
                    && e.getUpdate().getStatus().hasHealthy() && !e.getUpdate().getStatus().getHealthy());
        }
    }

    private static int freePortPair() throws java.io.IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (java.net.ServerSocket first = new java.net.ServerSocket(0)) {
                int port = first.getLocalPort();
                if (port < 65535) {
                    try (java.net.ServerSocket second = new java.net.ServerSocket(port + 1)) {
                        return port;
                    } catch (java.io.IOException taken) {
                        // try another
                    }
                }
            }
        }
        throw new IllegalStateException("no two adjacent free ports");
    }

    /** Waits for the task's health update with this verdict and acknowledges it. */
    private static TaskStatus awaitHealth(MesosTestClient scheduler, String taskId, boolean healthy) throws Exception {
        TaskStatus status = await().atMost(STARTUP).until(() -> scheduler.events().stream()
                .filter(e -> e.hasUpdate() && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
                        && e.getUpdate().getStatus().hasHealthy() && e.getUpdate().getStatus().getHealthy() == healthy)
                .map(e -> e.getUpdate().getStatus()).findFirst().orElse(null), s -> s != null);
        scheduler.ack(status);
        return status;
    }

    private static TaskInfo server(String id, Offer offer, Path source, long port, String path) {
        String java = ProcessHandle.current().info().command().orElse("java");
        Resource ports = Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(port).setEnd(port)))
                .build();
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue(offer.getAgentId().getValue()))
                .addResources(scalar("cpus", 0.5)).addResources(scalar("mem", 128)).addResources(ports)
                .setCommand(CommandInfo.newBuilder()
                        .setValue("exec '" + java + "' -Xmx32m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC '" + source + "'")
                        .setEnvironment(Environment.newBuilder().addVariables(Environment.Variable.newBuilder()
                                .setName("PORT").setValue(Long.toString(port)))))
                .setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)
                        .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort((int) port).setPath(path))
                        // failures while the server compiles and starts do not count
                        .setGracePeriodSeconds(STARTUP.toSeconds())
                        .setIntervalSeconds(0.3).setTimeoutSeconds(2).setConsecutiveFailures(3))
                .build();
    }

    private static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }
}
