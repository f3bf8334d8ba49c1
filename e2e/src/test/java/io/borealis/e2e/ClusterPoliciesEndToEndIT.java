package io.borealis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
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
 * Issue 4's policies with real processes, through the gateway, on the suite of deploy/local/up with
 * three agents of 4 cpus whose hostnames differ (127.0.0.1–3): production quotas (creation, adding
 * instances, consumption), preemption of preemptible tasks by a production task that fits nowhere,
 * and draining a host (its processes end, the tasks run elsewhere, the host takes nothing until
 * its maintenance ends).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPoliciesEndToEndIT {

    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(90);

    private LocalSuite suite;
    private Http gateway;
    private Http master;

    @BeforeAll
    void startSuite() throws Exception {
        suite = LocalSuite.start(Map.of("BOREALIS_CLUSTER_ARGS", "--borealis.cluster.hostname=127.0.0.{i}"));
        gateway = new Http(suite.gateway());
        master = new Http(suite.master());
    }

    @AfterAll
    void stopSuite() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void aProductionQuotaIsCheckedAtCreationAndWhenAddingInstances() {
        Http.Response quota = gateway.put("/api/v1/quotas/pay", "application/json",
                "{\"cpus\": 1.0, \"ramMb\": 1024, \"diskMb\": 1024}");
        assertThat(quota.status()).as(quota.body()).isEqualTo(200);

        Http.Response tooBig = gateway.post("/api/v1/jobs", "application/json",
                job("pay", "prod", "ledger", 3, 0.5, "preferred", 0, true).toString());
        assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(409);
        assertThat(tooBig.contentType()).contains("application/problem+json");
        assertThat(tooBig.json().get("type").asString()).endsWith("quota-exceeded");
        assertThat(tooBig.json().get("detail").asString()).contains("cpus").contains("over by 0.5");
        assertThat(gateway.get("/api/v1/jobs/pay/prod/ledger").status()).as("nothing stored").isEqualTo(404);

        Http.Response fits = gateway.post("/api/v1/jobs", "application/json",
                job("pay", "prod", "ledger", 2, 0.5, "preferred", 0, true).toString());
        assertThat(fits.status()).as(fits.body()).isEqualTo(201);
        List<JsonNode> running = awaitRunning("pay/prod/ledger", 2);
        Map<String, Long> pids = pids();
        assertThat(running).allSatisfy(task -> assertThat(pids).as("a real process per task")
                .containsKey(task.get("taskId").asString()));

        JsonNode consumption = gateway.get("/api/v1/quotas/pay").json().get("consumption");
        assertThat(consumption.get("cpus").asDouble()).isEqualTo(1.0);
        assertThat(consumption.get("ramMb").asLong()).isEqualTo(256);

        Http.Response more = gateway.post("/api/v1/jobs/pay/prod/ledger/instances", "application/json", "{\"count\": 1}");
        assertThat(more.status()).as(more.body()).isEqualTo(409);
        assertThat(more.json().get("detail").asString()).contains("cpus");
        assertThat(gateway.get("/api/v1/jobs/pay/prod/ledger").json().get("instanceCount").asInt()).isEqualTo(2);

        assertThat(gateway.delete("/api/v1/jobs/pay/prod/ledger").status()).isBetween(200, 299);
        awaitNoLiveTasks("pay/prod/ledger");
    }

    @Test
    @Order(2)
    void aProductionTaskThatFitsNowherePreemptsAPreemptibleOne() {
        // three preemptible tasks of 3 cpus: one per 4-cpu agent, 1 cpu left on each
        Http.Response batch = gateway.post("/api/v1/jobs", "application/json",
                job("ml", "devel", "train", 3, 3.0, "preemptible", 0, false).toString());
        assertThat(batch.status()).as(batch.body()).isEqualTo(201);
        List<JsonNode> victims = awaitRunning("ml/devel/train", 3);

        Http.Response prod = gateway.post("/api/v1/jobs", "application/json",
                job("web", "prod", "checkout", 1, 2.0, "preferred", 10, true).toString());
        assertThat(prod.status()).as(prod.body()).isEqualTo(201);
        JsonNode placed = awaitRunning("web/prod/checkout", 1).get(0);

        List<JsonNode> trainTasks = tasks("ml/devel/train");
        List<JsonNode> preempted = trainTasks.stream()
                .filter(t -> statuses(t).contains("PREEMPTING")).toList();
        assertThat(preempted).as("exactly one victim: %s", trainTasks).hasSize(1);
        JsonNode victim = preempted.get(0);
        assertThat(victim.get("status").asString()).isEqualTo("KILLED");
        assertThat(victim.get("agentId").asString()).as("the production task took the victim's agent")
                .isEqualTo(placed.get("agentId").asString());
        assertThat(victims).extracting(t -> t.get("taskId").asString()).contains(victim.get("taskId").asString());
        assertThat(pids()).as("the victim's process is gone").doesNotContainKey(victim.get("taskId").asString());

        // its replacement waits: no agent has 3 cpus free, and nothing preempts for a preemptible task
        JsonNode replacement = await().atMost(RUNNING_TIMEOUT).ignoreExceptions().until(() -> tasks("ml/devel/train").stream()
                .filter(t -> victim.get("taskId").asString().equals(t.path("ancestorId").asString(null)))
                .findFirst().orElse(null), t -> t != null && t.get("status").asString().equals("PENDING")
                        && !t.get("pendingReasons").isEmpty());
        JsonNode task = gateway.get("/api/v1/tasks/" + replacement.get("taskId").asString()).json();
        assertThat(task.get("pendingReasons").toString()).contains("INSUFFICIENT_CPUS");
        assertThat(tasks("web/prod/checkout")).filteredOn(t -> t.get("status").asString().equals("RUNNING")).hasSize(1);

        assertThat(gateway.delete("/api/v1/jobs/web/prod/checkout").status()).isBetween(200, 299);
        assertThat(gateway.delete("/api/v1/jobs/ml/devel/train").status()).isBetween(200, 299);
        awaitNoLiveTasks("web/prod/checkout");
        awaitNoLiveTasks("ml/devel/train");
    }

    @Test
    @Order(3)
    void aDrainedHostSeesItsTasksMovedAndTakesNothingUntilMaintenanceEnds() {
        Http.Response created = gateway.post("/api/v1/jobs", "application/json",
                job("web", "devel", "spread", 6, 0.25, "preferred", 0, false).toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        List<JsonNode> before = awaitRunning("web/devel/spread", 6);
        String host = before.get(0).get("host").asString();
        List<String> onHost = before.stream().filter(t -> host.equals(t.get("host").asString()))
                .map(t -> t.get("taskId").asString()).toList();

        Http.Response drain = gateway.post("/api/v1/cluster/maintenance", "application/json",
                "{\"hosts\": [\"" + host + "\"], \"action\": \"DRAIN\"}");
        assertThat(drain.status()).as(drain.body()).isEqualTo(200);

        await().atMost(RUNNING_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            List<JsonNode> running = running("web/devel/spread");
            assertThat(running).hasSize(6);
            assertThat(running).noneSatisfy(t -> assertThat(t.get("host").asString()).isEqualTo(host));
            assertThat(agent(host).get("mode").asString()).isEqualTo("DRAINED");
        });
        Map<String, Long> pids = pids();
        assertThat(onHost).as("the drained host's processes ended").allSatisfy(id -> assertThat(pids).doesNotContainKey(id));
        assertThat(agent(host).get("used").get("tasks").asInt()).isZero();

        Http.Response end = gateway.post("/api/v1/cluster/maintenance", "application/json",
                "{\"hosts\": [\"" + host + "\"], \"action\": \"END\"}");
        assertThat(end.status()).as(end.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> agent(host).get("mode").asString().equals("ACTIVE"));

        assertThat(gateway.delete("/api/v1/jobs/web/devel/spread").status()).isBetween(200, 299);
        awaitNoLiveTasks("web/devel/spread");
    }

    private static ObjectNode job(String role, String env, String name, int instances, double cpus, String tier,
                                  int priority, boolean production) {
        ObjectNode job = Http.JSON.createObjectNode();
        job.putObject("key").put("role", role).put("environment", env).put("name", name);
        job.put("instances", instances).put("kind", "SERVICE");
        ObjectNode task = job.putObject("task");
        task.put("command", "exec sleep 600");
        task.putObject("env");
        task.putObject("resources").put("cpus", cpus).put("ramMb", 128).put("diskMb", 64).putArray("ports");
        task.putArray("constraints");
        task.put("tier", tier).put("priority", priority).put("production", production)
                .put("maxTaskFailures", 1).put("killGracePeriodSecs", 1);
        return job;
    }

    private List<JsonNode> awaitRunning(String job, int count) {
        return await().atMost(RUNNING_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> running(job), tasks -> tasks.size() == count);
    }

    private void awaitNoLiveTasks(String job) {
        await().atMost(RUNNING_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> tasks(job).stream().allMatch(t -> List.of("FINISHED", "FAILED", "KILLED", "LOST")
                        .contains(t.get("status").asString())));
    }

    private List<JsonNode> running(String job) {
        return tasks(job).stream().filter(t -> t.get("status").asString().equals("RUNNING")).toList();
    }

    private List<JsonNode> tasks(String job) {
        Http.Response response = gateway.get("/api/v1/jobs/" + job + "/tasks");
        if (response.status() == 404) {
            return List.of();
        }
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(response.json().spliterator(), false).toList();
    }

    private static List<String> statuses(JsonNode task) {
        return StreamSupport.stream(task.get("events").spliterator(), false).map(e -> e.get("status").asString()).toList();
    }

    private JsonNode agent(String hostname) {
        return StreamSupport.stream(gateway.get("/api/v1/cluster/agents").json().spliterator(), false)
                .filter(a -> hostname.equals(a.get("hostname").asString())).findFirst().orElseThrow();
    }

    /** Task id → pid of its live process, as the local cluster reports them. */
    private Map<String, Long> pids() {
        Map<String, Long> pids = new HashMap<>();
        master.get("/master/state").json().get("frameworks").forEach(framework -> framework.get("tasks").forEach(task -> {
            JsonNode pid = task.get("pid");
            if (pid != null && !pid.isNull() && ProcessHandle.of(pid.asLong()).map(ProcessHandle::isAlive).orElse(false)) {
                pids.put(task.get("id").asString(), pid.asLong());
            }
        }));
        return pids;
    }
}
