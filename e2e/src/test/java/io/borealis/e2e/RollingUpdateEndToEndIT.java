package io.borealis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rolling updates with real processes, through the gateway: a good version rolls forward batch by
 * batch, never more than the batch size down at once, and every instance serves it; a version whose
 * process exits at once and one that fails its HTTP health check each roll back by themselves; pause,
 * resume, pulse and abort behave; a {@code failureDomain=zone} update goes zone by zone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingUpdateEndToEndIT {

    private static final String JOB = "/api/v1/jobs/web/devel/roll";
    private static final String ZONED = "/api/v1/jobs/web/devel/zoned";
    private static final Duration UPDATE_TIMEOUT = Duration.ofMinutes(4);
    private static final List<String> TERMINAL = List.of("ROLLED_FORWARD", "ROLLED_BACK", "ABORTED", "FAILED", "ERROR");

    private LocalSuite suite;
    private Http gateway;
    private ObjectNode spec;
    /** The spec the job runs now: each test that rolls forward leaves its spec here. */
    private ObjectNode current;

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
        current = spec;
    }

    @AfterAll
    void stopSuite() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void aGoodVersionRollsForwardNeverMoreThanABatchDownAndEveryInstanceServesIt() throws Exception {
        String before = awaitServing(JOB, 6, null);
        ObjectNode next = release(current, "2");

        JsonNode update;
        try (AvailabilitySampler sampler = new AvailabilitySampler(gateway, JOB, 6)) {
            update = awaitTerminal(startUpdate(JOB, next, s -> { }));
            assertThat(sampler.samples()).as("samples taken").isGreaterThan(50);
            assertThat(sampler.maxDown()).as("most instances without a RUNNING task at once")
                    .isBetween(1, 2);
        }

        assertThat(update.get("status").asString()).as(update.toString()).isEqualTo("ROLLED_FORWARD");
        String after = update.get("targetVersion").asString();
        assertThat(after).isNotEqualTo(before);
        assertThat(awaitServing(JOB, 6, after)).isEqualTo(after);
        current = next;
    }

    @Test
    @Order(2)
    void aVersionWhoseProcessExitsRollsBackByItself() {
        String before = awaitServing(JOB, 6, null);
        ObjectNode broken = current.deepCopy();
        ((ObjectNode) broken.get("task")).put("command", "echo broken release; exit 1");

        JsonNode update = awaitTerminal(startUpdate(JOB, broken, s -> { }));

        assertThat(update.get("status").asString()).as(update.toString()).isEqualTo("ROLLED_BACK");
        assertThat(awaitServing(JOB, 6, before)).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aVersionThatFailsItsHealthCheckRollsBackByItself() {
        String before = awaitServing(JOB, 6, null);
        ObjectNode sick = current.deepCopy();
        String command = sick.get("task").get("command").asString();
        assertThat(command).contains("sendResponseHeaders(200,");
        // the process runs and listens, but answers every request (the health check's too) with a 500
        ((ObjectNode) sick.get("task")).put("command", command.replace("sendResponseHeaders(200,", "sendResponseHeaders(500,"));

        JsonNode update = awaitTerminal(startUpdate(JOB, sick, s -> { }));

        assertThat(update.get("status").asString()).as(update.toString()).isEqualTo("ROLLED_BACK");
        assertThat(UpdateHistory.actions(update, "INSTANCE_UPDATE_FAILED")).as(update.toString()).isNotEmpty();
        // they failed because they ran and answered badly, not because they exited
        String sickVersion = update.get("targetVersion").asString();
        List<JsonNode> sickTasks = new ArrayList<>();
        gateway.get(JOB + "/tasks").json().forEach(t -> {
            if (sickVersion.equals(t.get("configVersion").asString())) {
                sickTasks.add(t);
            }
        });
        assertThat(sickTasks).isNotEmpty().allSatisfy(t -> {
            assertThat(t.get("healthy").asBoolean(true)).as(t.toString()).isFalse();
            assertThat(t.get("events").toString()).as(t.toString()).contains("RUNNING").contains("unhealthy");
        });
        assertThat(awaitServing(JOB, 6, before)).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aPausedUpdateChangesNothingUntilResumed() {
        awaitServing(JOB, 6, null);
        ObjectNode next = release(current, "4");
        String id = startUpdate(JOB, next, s -> s.put("strategy", "BATCH").put("autoPauseAfterBatch", true));

        JsonNode paused = awaitStatus(id, "ROLL_FORWARD_PAUSED");
        assertThat(paused.get("blockedBy").asString()).as(paused.toString()).startsWith("paused");
        assertThat(paused.get("counts").get("updated").asInt()).isEqualTo(2);
        assertThat(paused.get("counts").get("remaining").asInt()).isEqualTo(4);
        Set<String> liveTasks = liveTaskIds(JOB);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonNode now = details(id);
                    assertThat(now.get("status").asString()).isEqualTo("ROLL_FORWARD_PAUSED");
                    assertThat(now.get("counts")).isEqualTo(paused.get("counts"));
                    assertThat(liveTaskIds(JOB)).as("tasks while paused").isEqualTo(liveTasks);
                });

        Http.Response resumed = verb(id, "resume");
        assertThat(resumed.json().get("status").asString()).isEqualTo("ROLLING_FORWARD");
        // autoPauseAfterBatch pauses again after the second batch: resume whenever it does
        await().atMost(UPDATE_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            String status = details(id).get("status").asString();
            if ("ROLL_FORWARD_PAUSED".equals(status)) {
                verb(id, "resume");
            }
            return TERMINAL.contains(status);
        });
        JsonNode update = details(id);
        assertThat(update.get("status").asString()).as(update.toString()).isEqualTo("ROLLED_FORWARD");
        assertThat(UpdateHistory.statuses(update)).as(update.toString())
                .containsSubsequence("ROLL_FORWARD_PAUSED", "ROLLING_FORWARD", "ROLL_FORWARD_PAUSED", "ROLLING_FORWARD");
        awaitServing(JOB, 6, update.get("targetVersion").asString());
        current = next;
    }

    @Test
    @Order(5)
    void anUpdateWaitsForPulsesAndAnAbortLeavesMixedVersions() {
        String before = awaitServing(JOB, 6, null);
        ObjectNode next = release(current, "5");
        String id = startUpdate(JOB, next, s -> s.put("pulseTimeoutSecs", 4));

        JsonNode awaiting = awaitStatus(id, "ROLL_FORWARD_AWAITING_PULSE");
        assertThat(awaiting.get("blockedBy").asString()).as(awaiting.toString()).startsWith("awaiting a pulse");
        int started = UpdateHistory.started(awaiting);
        assertThat(started).isEqualTo(2);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(7)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonNode now = details(id);
                    assertThat(now.get("status").asString()).isEqualTo("ROLL_FORWARD_AWAITING_PULSE");
                    assertThat(UpdateHistory.started(now)).as("instances started without a pulse").isEqualTo(started);
                });

        // pulses keep it moving: more instances start
        Http.Response pulsed = verb(id, "pulse");
        assertThat(pulsed.json().get("status").asString()).isEqualTo("ROLLING_FORWARD");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            verb(id, "pulse");
            return UpdateHistory.started(details(id)) > started;
        });

        Http.Response aborted = verb(id, "abort");
        assertThat(aborted.json().get("status").asString()).as(aborted.body()).isEqualTo("ABORTED");
        JsonNode update = details(id);
        assertThat(update.get("status").asString()).isEqualTo("ABORTED");
        String target = update.get("targetVersion").asString();
        assertThat(update.get("counts").get("remaining").asInt()).as(update.toString()).isPositive();
        awaitMixed(JOB, Set.of(before, target));

        // a new update makes the job uniform again, touching only the instances the abort left on the new version
        JsonNode restored = awaitTerminal(startUpdate(JOB, current, s -> { }));
        assertThat(restored.get("status").asString()).as(restored.toString()).isEqualTo("ROLLED_FORWARD");
        assertThat(restored.get("instances").size()).isBetween(1, 5);
        awaitServing(JOB, 6, before);
    }

    @Test
    @Order(6)
    void aFailureDomainUpdateGoesZoneByZone() throws Exception {
        Http.Response deleted = gateway.delete(JOB);
        assertThat(deleted.status()).as(deleted.body()).isBetween(200, 299);
        ObjectNode zoned = current.deepCopy();
        ((ObjectNode) zoned.get("key")).put("name", "zoned");
        ObjectNode limit = ((ArrayNode) zoned.get("task").get("constraints")).addObject();
        limit.put("attribute", "zone").put("limit", 2);
        Http.Response created = gateway.post("/api/v1/jobs", "application/json", zoned.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        awaitServing(ZONED, 6, null);

        Map<Integer, String> zoneOf = zones(ZONED);
        Map<String, List<Integer>> byZone = new TreeMap<>();
        zoneOf.forEach((instance, zone) -> byZone.computeIfAbsent(zone, z -> new ArrayList<>()).add(instance));
        assertThat(byZone).as("instances by zone").containsOnlyKeys("a", "b", "c");
        byZone.values().forEach(instances -> assertThat(instances).hasSize(2));

        JsonNode update;
        try (AvailabilitySampler sampler = new AvailabilitySampler(gateway, ZONED, 6)) {
            update = awaitTerminal(startUpdate(ZONED, release(zoned, "6"), s -> s.put("failureDomain", "zone")));
            assertThat(sampler.samples()).as("samples taken").isGreaterThan(50);
            assertThat(sampler.maxDown()).as("most instances without a RUNNING task at once").isBetween(1, 2);
        }
        assertThat(update.get("status").asString()).as(update.toString()).isEqualTo("ROLLED_FORWARD");

        // zone a, then b, then c: every instance of a zone updated before any of the next one starts
        List<String> zones = new ArrayList<>(byZone.keySet());
        for (int z = 0; z + 1 < zones.size(); z++) {
            int i = z;
            Instant lastUpdated = UpdateHistory.actions(update, "INSTANCE_UPDATED").entrySet().stream()
                    .filter(e -> inZones(byZone, zones, i, e.getKey()))
                    .map(Map.Entry::getValue).max(Instant::compareTo).orElseThrow();
            Instant firstNext = UpdateHistory.actions(update, "INSTANCE_UPDATING").entrySet().stream()
                    .filter(e -> byZone.get(zones.get(i + 1)).contains(e.getKey()))
                    .map(Map.Entry::getValue).min(Instant::compareTo).orElseThrow();
            assertThat(lastUpdated).as("zone %s finished before zone %s started: %s", zones.get(i), zones.get(i + 1), update)
                    .isBeforeOrEqualTo(firstNext);
        }
        awaitServing(ZONED, 6, update.get("targetVersion").asString());
        assertThat(zones(ZONED)).as("the limit constraint still holds").isEqualTo(zoneOf);
    }

    /** Whether an instance sits in one of the zones 0..upTo (in name order). */
    private static boolean inZones(Map<String, List<Integer>> byZone, List<String> zones, int upTo, int instance) {
        for (int i = 0; i <= upTo; i++) {
            if (byZone.get(zones.get(i)).contains(instance)) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode release(ObjectNode from, String release) {
        ObjectNode next = from.deepCopy();
        ((ObjectNode) next.get("task").get("env")).put("RELEASE", release);
        return next;
    }

    private String startUpdate(String job, ObjectNode newSpec, Consumer<ObjectNode> moreSettings) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.set("spec", newSpec);
        ObjectNode settings = body.putObject("settings");
        settings.put("batchSize", 2);
        settings.put("watchSecs", 3);
        settings.put("maxPerInstanceFailures", 0);
        settings.put("maxFailedInstances", 0);
        settings.put("rollbackOnFailure", true);
        moreSettings.accept(settings);
        body.put("message", "e2e");
        Http.Response started = gateway.post(job + "/updates", "application/json", body.toString());
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.json().get("id").asString();
    }

    private Http.Response verb(String id, String verb) {
        Http.Response response = gateway.post("/api/v1/updates/" + id + "/" + verb, "application/json",
                "{\"message\": \"e2e " + verb + "\"}");
        assertThat(response.status()).as(verb + ": " + response.body()).isEqualTo(200);
        return response;
    }

    private JsonNode details(String id) {
        return gateway.get("/api/v1/updates/" + id).json();
    }

    private JsonNode awaitTerminal(String id) {
        await().atMost(UPDATE_TIMEOUT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                TERMINAL.contains(details(id).get("status").asString()));
        return details(id);
    }

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() ->
                status.equals(details(id).get("status").asString()));
        return details(id);
    }

    private Set<String> liveTaskIds(String job) {
        Set<String> ids = new TreeSet<>();
        gateway.get(job + "/tasks").json().forEach(t -> {
            String status = t.get("status").asString();
            if (!List.of("FINISHED", "FAILED", "KILLED", "LOST", "ERROR").contains(status)) {
                ids.add(t.get("taskId").asString() + " " + status);
            }
        });
        return ids;
    }

    /**
     * Instance → zone of the agent its RUNNING task is on (6 of them), the agents' zones as the
     * cluster itself serves them ({@code /master/state}); retried while a request fails.
     */
    private Map<Integer, String> zones(String job) {
        Map<Integer, String> zones = new TreeMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            Map<String, String> zoneOfAgent = new HashMap<>();
            new Http(suite.master()).get("/master/state").json().get("agents").forEach(a ->
                    zoneOfAgent.put(a.get("id").asString(), a.get("attributes").get("zone").asString()));
            zones.clear();
            gateway.get(job + "/tasks").json().forEach(t -> {
                if ("RUNNING".equals(t.get("status").asString())) {
                    zones.put(t.get("instance").asInt(), zoneOfAgent.get(t.get("agentId").asString()));
                }
            });
            assertThat(zones).hasSize(6).doesNotContainValue(null);
        });
        return zones;
    }

    /** Waits until 6 instances are RUNNING on exactly these config versions, each in use. */
    private void awaitMixed(String job, Set<String> versions) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            Set<Integer> instances = new HashSet<>();
            Set<String> seen = new HashSet<>();
            gateway.get(job + "/tasks").json().forEach(t -> {
                if ("RUNNING".equals(t.get("status").asString())) {
                    instances.add(t.get("instance").asInt());
                    seen.add(t.get("configVersion").asString());
                }
            });
            assertThat(instances).hasSize(6);
            assertThat(seen).isEqualTo(versions);
        });
    }

    /**
     * Waits until {@code count} tasks are RUNNING, all on one config version ({@code version} when
     * given), each answering on its port with that version; returns the version.
     */
    private String awaitServing(String job, int count, String version) {
        List<String> versions = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            List<JsonNode> running = new ArrayList<>();
            gateway.get(job + "/tasks").json().forEach(t -> {
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
