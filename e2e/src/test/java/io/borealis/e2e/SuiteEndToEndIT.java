package io.borealis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 2's acceptance, end to end: the suite started by deploy/local/up, a job posted through the
 * gateway becomes real processes, a killed process is replaced, a scheduler restart restarts no
 * task, bad input is refused and stores nothing, and deleting the job leaves no process behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteEndToEndIT {

    private static final String JOB = "/api/v1/jobs/web/devel/hello";

    private LocalSuite suite;
    private Http gateway;
    private Http master;
    private String hello;
    private final Set<Long> taskPids = new HashSet<>();

    @BeforeAll
    void startSuite() throws Exception {
        suite = LocalSuite.start();
        gateway = new Http(suite.gateway());
        master = new Http(suite.master());
        hello = Files.readString(suite.root.resolve("deploy/examples/hello.json"));
    }

    @AfterAll
    void stopSuite() throws Exception {
        if (suite != null) {
            suite.close();
        }
        // whatever happened above, no task process of this run may outlive the suite
        taskPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    @Order(0)
    void everyServiceIsRegisteredWithTheAdminServerAndUp() {
        Http admin = new Http(suite.admin());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, String> status = new HashMap<>();
            admin.get("/instances").json().forEach(instance -> status.put(
                    instance.get("registration").get("name").asString(),
                    instance.get("statusInfo").get("status").asString()));
            assertThat(status).containsEntry("job-service", "UP")
                    .containsEntry("scheduler-service", "UP")
                    .containsEntry("update-service", "UP")
                    .containsEntry("gateway", "UP")
                    .containsEntry("local-cluster", "UP");
        });
    }

    @Test
    @Order(1)
    void badInputGetsAProblemNamingTheFaultAndStoresNothing() {
        assertProblem(gateway.post("/api/v1/jobs", "application/json", "{\"key\": {\"role\": "), 400, "");
        assertProblem(gateway.post("/api/v1/jobs", "application/json", withKey("we b", "devel", "bad1")), 400, "key.role");
        assertProblem(gateway.post("/api/v1/jobs", "application/json", with("instances", 0, "bad2")), 400, "instances");
        assertProblem(gateway.post("/api/v1/jobs", "application/json", with("instances", -2, "bad3")), 400, "instances");
        assertProblem(gateway.post("/api/v1/jobs", "application/json", withTask("bad4", task -> ((ObjectNode) task.get("resources")).put("gpus", 1))), 400, "gpus");
        assertProblem(gateway.post("/api/v1/jobs", "application/json", withTask("bad5", task -> task.remove("command"))), 400, "command");
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(tenMegabytes, (byte) ' ');
        assertProblem(gateway.post("/api/v1/jobs", "application/json", tenMegabytes), 413, "");

        for (String name : List.of("bad1", "bad2", "bad3", "bad4", "bad5")) {
            assertThat(gateway.get("/api/v1/jobs/web/devel/" + name).status()).as(name).isEqualTo(404);
        }
        assertThat(gateway.get("/api/v1/jobs").json()).isEmpty();
    }

    @Test
    @Order(2)
    void aJobBecomesThreeRunningProcessesAnsweringOnTheirPorts() {
        Http.Response created = gateway.post("/api/v1/jobs", "application/json", hello);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.location()).endsWith(JOB);
        assertProblem(gateway.post("/api/v1/jobs", "application/json", hello), 409, "");

        List<JsonNode> running = awaitRunning(3, Duration.ofSeconds(90));
        String version = gateway.get(JOB).json().get("instances").get("0").asString();
        for (JsonNode task : running) {
            String url = "http://" + task.get("host").asString() + ":" + task.get("ports").get("http").asInt() + "/";
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(new Http(url).get(url).body())
                            .contains("instance " + task.get("instance").asInt())
                            .contains(version));
        }
        taskPids.addAll(pidsByTaskId().values());
    }

    @Test
    @Order(3)
    void aProcessKilledOutsideBorealisIsReplacedWithinFiveSeconds() {
        JsonNode victim = awaitRunning(3, Duration.ofSeconds(30)).get(0);
        String victimId = victim.get("taskId").asString();
        long pid = pidsByTaskId().get(victimId);

        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL, as kill -9
        long killedAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            List<JsonNode> tasks = running();
            assertThat(tasks).hasSize(3);
            assertThat(tasks).anySatisfy(t -> {
                assertThat(t.get("instance").asInt()).isEqualTo(victim.get("instance").asInt());
                assertThat(t.get("ancestorId").asString()).isEqualTo(victimId);
            });
        });
        System.out.printf("replacement RUNNING %d ms after kill -9%n", (System.nanoTime() - killedAt) / 1_000_000);
        taskPids.addAll(pidsByTaskId().values());
    }

    @Test
    @Order(4)
    void restartingTheSchedulerRestartsNoTask() throws Exception {
        Set<String> before = ids(awaitRunning(3, Duration.ofSeconds(30)));
        long scheduler = suite.pidOf("scheduler-service");
        ProcessHandle handle = ProcessHandle.of(scheduler).orElseThrow();
        handle.destroy();
        await().atMost(Duration.ofSeconds(60)).until(() -> !handle.isAlive());

        suite.up(); // brings back what is not running, leaves the rest alone

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertThat(ids(running())).isEqualTo(before);
            assertThat(gateway.get(JOB + "/tasks").json()).allSatisfy(t ->
                    assertThat(before.contains(t.get("taskId").asString())
                            || "KILLED".equals(t.get("status").asString())
                            || "FAILED".equals(t.get("status").asString())).isTrue());
        });
        assertThat(ids(running())).isEqualTo(before);
    }

    @Test
    @Order(5)
    void deletingTheJobLeavesNoProcessBehind() {
        taskPids.addAll(pidsByTaskId().values());
        assertThat(taskPids).isNotEmpty();
        assertThat(gateway.delete(JOB).status()).isEqualTo(204);
        assertThat(gateway.get(JOB).status()).isEqualTo(404);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(taskPids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(running()).isEmpty());
    }

    private List<JsonNode> awaitRunning(int count, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> assertThat(running()).hasSize(count));
        return running();
    }

    private List<JsonNode> running() {
        Http.Response response = gateway.get(JOB + "/tasks");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> running = new ArrayList<>();
        response.json().forEach(task -> {
            if ("RUNNING".equals(task.get("status").asString())) {
                running.add(task);
            }
        });
        return running;
    }

    private static Set<String> ids(List<JsonNode> tasks) {
        Set<String> ids = new HashSet<>();
        tasks.forEach(t -> ids.add(t.get("taskId").asString()));
        return ids;
    }

    /** Task id → pid of its process, as the local cluster's /master/state reports them. */
    private Map<String, Long> pidsByTaskId() {
        Map<String, Long> pids = new HashMap<>();
        master.get("/master/state").json().get("frameworks").forEach(framework ->
                framework.get("tasks").forEach(task -> {
                    JsonNode pid = task.get("pid");
                    if (pid != null && !pid.isNull()) {
                        pids.put(task.get("id").asString(), pid.asLong());
                    }
                }));
        return pids;
    }

    private static void assertProblem(Http.Response response, int status, String naming) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(response.body()).contains(naming);
    }

    private String with(String field, int value, String name) {
        ObjectNode spec = spec(name);
        spec.put(field, value);
        return spec.toString();
    }

    private String withKey(String role, String environment, String name) {
        ObjectNode spec = spec(name);
        ObjectNode key = (ObjectNode) spec.get("key");
        key.put("role", role);
        key.put("environment", environment);
        return spec.toString();
    }

    private String withTask(String name, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode spec = spec(name);
        change.accept((ObjectNode) spec.get("task"));
        return spec.toString();
    }

    private ObjectNode spec(String name) {
        ObjectNode spec = (ObjectNode) Http.JSON.readTree(hello);
        ((ObjectNode) spec.get("key")).put("name", name);
        return spec;
    }
}
