package io.borealis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Rolling updates with real processes, through the gateway: a good version rolls forward batch by
 * batch and every instance serves it; a version whose process exits at once rolls back by itself
 * and every instance serves the old version again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingUpdateEndToEndIT {

    private static final String JOB = "/api/v1/jobs/web/devel/roll";
    private static final Duration UPDATE_TIMEOUT = Duration.ofMinutes(4);

    private LocalSuite suite;
    private Http gateway;
    private ObjectNode spec;

    @BeforeAll
    void startSuite() throws Exception {
        suite = LocalSuite.start();
        gateway = new Http(suite.gateway());
        spec = (ObjectNode) Http.JSON.readTree(Files.readString(suite.root.resolve("deploy/examples/hello.json")));
        ((ObjectNode) spec.get("key")).put("name", "roll");
        spec.put("instances", 6);
        // the hello server answers within seconds; its checks may start early
        ((ObjectNode) spec.get("task").get("healthCheck")).put("initialDelaySecs", 5);
        Http.Response created = gateway.post("/api/v1/jobs", "application/json", spec.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @AfterAll
    void stopSuite() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void aGoodVersionRollsForwardAndEveryInstanceServesIt() {
        String before = awaitServing(6, null);
        ObjectNode next = spec.deepCopy();
        ((ObjectNode) next.get("task").get("env")).put("RELEASE", "2");

        JsonNode update = awaitTerminal(startUpdate(next));

        assertThat(update.get("status").asString()).as(update.toString()).isEqualTo("ROLLED_FORWARD");
        String after = update.get("targetVersion").asString();
        assertThat(after).isNotEqualTo(before);
        assertThat(awaitServing(6, after)).isEqualTo(after);
    }

    @Test
    @Order(2)
    void aVersionWhoseProcessExitsRollsBackByItself() {
        String before = awaitServing(6, null);
        ObjectNode broken = spec.deepCopy();
        ((ObjectNode) broken.get("task")).put("command", "echo broken release; exit 1");

        JsonNode update = awaitTerminal(startUpdate(broken));

        assertThat(update.get("status").asString()).as(update.toString()).isEqualTo("ROLLED_BACK");
        assertThat(awaitServing(6, before)).isEqualTo(before);
    }

    private String startUpdate(ObjectNode newSpec) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.set("spec", newSpec);
        ObjectNode settings = body.putObject("settings");
        settings.put("batchSize", 2);
        settings.put("watchSecs", 3);
        settings.put("maxPerInstanceFailures", 0);
        settings.put("maxFailedInstances", 0);
        settings.put("rollbackOnFailure", true);
        body.put("message", "e2e");
        Http.Response started = gateway.post(JOB + "/updates", "application/json", body.toString());
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.json().get("id").asString();
    }

    private JsonNode awaitTerminal(String id) {
        List<String> terminal = List.of("ROLLED_FORWARD", "ROLLED_BACK", "ABORTED", "FAILED", "ERROR");
        await().atMost(UPDATE_TIMEOUT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                terminal.contains(gateway.get("/api/v1/updates/" + id).json().get("status").asString()));
        return gateway.get("/api/v1/updates/" + id).json();
    }

    /**
     * Waits until {@code count} tasks are RUNNING, all on one config version ({@code version} when
     * given), each answering on its port with that version; returns the version.
     */
    private String awaitServing(int count, String version) {
        List<String> versions = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            List<JsonNode> running = new ArrayList<>();
            gateway.get(JOB + "/tasks").json().forEach(t -> {
                if ("RUNNING".equals(t.get("status").asString())) {
                    running.add(t);
                }
            });
            assertThat(running).hasSize(count);
            String expected = version != null ? version : running.get(0).get("configVersion").asString();
            for (JsonNode task : running) {
                assertThat(task.get("configVersion").asString()).isEqualTo(expected);
                String url = "http://" + task.get("host").asString() + ":" + task.get("ports").get("http").asInt() + "/";
                assertThat(new Http(url).get(url).body()).contains("config " + expected);
            }
            versions.clear();
            versions.add(expected);
        });
        return versions.get(0);
    }
}
