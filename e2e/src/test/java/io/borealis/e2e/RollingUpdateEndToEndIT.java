package io.borealis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * Rolling updates with real processes, through the gateway: a good version, started by a signed CI
 * webhook (delivered twice, started once), rolls forward batch by batch, never more than the batch
 * size down at once, every instance serves it, and its history streams through the gateway; a version whose
 * process exits at once and one that fails its HTTP health check each roll back by themselves; pause,
 * resume, pulse, abort and a manual rollback behave; a {@code failureDomain=zone} update goes zone by zone; an update
 * survives update-service killed with SIGKILL five times. The suite runs from a snapshot of the jars,
 * since the last test restarts update-service with deploy/local/up.
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
        suite = LocalSuite.startFromJarSnapshot();
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
            update = awaitTerminal(startUpdateByHook(JOB, next));
            assertThat(sampler.samples()).as("samples taken").isGreaterThan(50);
            assertThat(sampler.maxDown()).as("most instances without a RUNNING task at once")
                    .isBetween(1, 2);
        }

        assertThat(update.get("status").asString()).as(update.toString()).isEqualTo("ROLLED_FORWARD");
        String after = update.get("targetVersion").asString();
        assertThat(after).isNotEqualTo(before);
        assertThat(awaitServing(JOB, 6, after)).isEqualTo(after);
        // its whole history, streamed through the gateway as GET /updates/{id} reports it
        assertThat(UpdateHistory.streamed(suite.gateway(), update)).extracting(UpdateHistory::step)
                .containsExactlyElementsOf(UpdateHistory.steps(update));
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
        Set<Integer> failed = UpdateHistory.actions(update, "INSTANCE_UPDATE_FAILED").keySet();
        assertThat(failed).as(update.toString()).isNotEmpty();
        // the failed instances failed because they ran and answered badly, not because they exited; the other
        // instance of their batch may be rolled back before its own first health check, so it is only required
        // not to have exited
        String sickVersion = update.get("targetVersion").asString();
        List<JsonNode> sickTasks = new ArrayList<>();
        gateway.get(JOB + "/tasks").json().forEach(t -> {
            if (sickVersion.equals(t.get("configVersion").asString())) {
                sickTasks.add(t);
            }
        });
        assertThat(sickTasks).isNotEmpty().allSatisfy(t -> {
            assertThat(t.get("events").toString()).as(t.toString()).contains("RUNNING").doesNotContain("Command exited");
        });
        assertThat(sickTasks).filteredOn(t -> failed.contains(t.get("instance").asInt()))
                .as("tasks of the failed instances %s", failed).isNotEmpty().allSatisfy(t -> {
                    assertThat(t.get("healthy").asBoolean(true)).as(t.toString()).isFalse();
                    assertThat(t.get("events").toString()).as(t.toString()).contains("unhealthy");
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
    void aManualRollbackTakesBackOnlyTheInstancesTheUpdateTouched() {
        String before = awaitServing(JOB, 6, null);
        ObjectNode next = release(current, "6");
        String id = startUpdate(JOB, next, s -> s.put("strategy", "BATCH").put("autoPauseAfterBatch", true));
        JsonNode paused = awaitStatus(id, "ROLL_FORWARD_PAUSED");
        assertThat(paused.get("counts").get("updated").asInt()).as(paused.toString()).isEqualTo(2);

        Http.Response rolling = verb(id, "rollback");
        assertThat(rolling.json().get("status").asString()).as(rolling.body()).isEqualTo("ROLLING_BACK");
        JsonNode update = awaitTerminal(id);
        assertThat(update.get("status").asString()).as(update.toString()).isEqualTo("ROLLED_BACK");
        Set<Integer> updated = UpdateHistory.actions(update, "INSTANCE_UPDATING").keySet();
        assertThat(updated).as("instances the first batch updated").hasSize(2);
        assertThat(UpdateHistory.actions(update, "INSTANCE_ROLLING_BACK").keySet())
                .as("the rollback touches those and no other").isEqualTo(updated);
        JsonNode asked = null;
        for (JsonNode event : update.get("events")) {
            if ("ROLLING_BACK".equals(event.path("status").asString(""))) {
                asked = event;
            }
        }
        assertThat(asked).as(update.toString()).isNotNull();
        assertThat(asked.toString()).as("the verb's message is recorded").contains("e2e rollback");
        awaitServing(JOB, 6, before);
    }

    @Test
    @Order(7)
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
        current = release(zoned, "6");
    }

    /**
     * Issue 5's durability check through the real suite: update-service is killed with SIGKILL five
     * times during one update (batch 2, watch 3 s) and brought back with deploy/local/up each time.
     * The kills: right after the 201; while batch 1 is in flight; while the restarted process is
     * starting (it has just answered HTTP: its driver has not run a round yet, or has just begun);
     * while batch 2 is in flight; while starting again. Each restart takes longer than a batch may, so kills
     * keyed on progress alone could run out of update before the fifth. The update still ends
     * ROLLED_FORWARD, every instance serves the new version, each instance was updated exactly once
     * (one UPDATING and one UPDATED event, one task of the new version) and the sampled availability
     * bound held throughout.
     */
    @Test
    @Order(8)
    void anUpdateSurvivesUpdateServiceKilledWithSigkillFiveTimes() throws Exception {
        String before = awaitServing(ZONED, 6, null);
        ObjectNode next = release(current, "7");
        // the hello example's own health-check delay: a batch lasts about as long as a restart
        ((ObjectNode) next.get("task").get("healthCheck")).put("initialDelaySecs", 15);
        List<String> kills = new ArrayList<>();
        Instant lastKill;
        JsonNode update;
        try (AvailabilitySampler sampler = new AvailabilitySampler(gateway, ZONED, 6)) {
            String id = startUpdate(ZONED, next, s -> { });
            kills.add(killUpdateService("right after the 201", id));
            suite.up();
            awaitUpdate(id, u -> UpdateHistory.started(u) >= 2);
            kills.add(killUpdateService("batch 1 in flight", id));
            kills.add(killWhileStarting("while starting (1)"));
            suite.up();
            awaitUpdate(id, u -> UpdateHistory.started(u) >= 4);
            kills.add(killUpdateService("batch 2 in flight", id));
            kills.add(killWhileStarting("while starting (2)"));
            lastKill = Instant.now();
            suite.up();
            update = awaitTerminal(id);
            System.out.println("sigkill: " + String.join("\n         ", kills));
            assertThat(sampler.samples()).as("samples taken").isGreaterThan(50);
            assertThat(sampler.maxDown()).as("most instances without a RUNNING task at once").isBetween(1, 2);
        }

        assertThat(kills).hasSize(5);
        assertThat(update.get("status").asString()).as(update.toString()).isEqualTo("ROLLED_FORWARD");
        Instant finished = null;
        for (JsonNode event : update.get("events")) {
            if ("ROLLED_FORWARD".equals(event.path("status").asString(""))) {
                finished = Instant.parse(event.get("at").asString());
            }
        }
        assertThat(finished).as("every kill came before the update finished").isAfter(lastKill);
        String target = update.get("targetVersion").asString();
        assertThat(target).isNotEqualTo(before);
        assertThat(update.get("counts").get("updated").asInt()).isEqualTo(6);
        assertThat(update.get("counts").get("failed").asInt()).isZero();
        Map<Integer, List<String>> actions = new TreeMap<>();
        for (JsonNode event : update.get("events")) {
            if (!event.path("action").asString("").isEmpty()) {
                actions.computeIfAbsent(event.get("instance").asInt(), i -> new ArrayList<>())
                        .add(event.get("action").asString());
            }
        }
        assertThat(actions).as("every instance, none skipped: %s", update).containsOnlyKeys(0, 1, 2, 3, 4, 5);
        actions.forEach((instance, steps) -> assertThat(steps).as("instance %d updated once: %s", instance, update)
                .containsExactly("INSTANCE_UPDATING", "INSTANCE_UPDATED"));
        Map<Integer, Integer> newTasks = new TreeMap<>();
        gateway.get(ZONED + "/tasks").json().forEach(t -> {
            if (target.equals(t.get("configVersion").asString())) {
                newTasks.merge(t.get("instance").asInt(), 1, Integer::sum);
            }
        });
        assertThat(newTasks).as("tasks of the new version per instance").isEqualTo(
                Map.of(0, 1, 1, 1, 2, 1, 3, 1, 4, 1, 5, 1));
        awaitServing(ZONED, 6, target);
    }

    /** SIGKILL to update-service (the pid deploy/local/up recorded); returns what the update looked like. */
    private String killUpdateService(String when, String id) throws Exception {
        String status = gateway.get("/api/v1/updates/" + id).json().get("status").asString();
        ProcessHandle process = ProcessHandle.of(suite.pidOf("update-service"))
                .orElseThrow(() -> new AssertionError("update-service is not running"));
        process.destroyForcibly();
        process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(TERMINAL).as("killed %s: the update must still be running", when).doesNotContain(status);
        return when + ": " + status;
    }

    /**
     * Restarts update-service with deploy/local/up in the background and kills the new process as soon
     * as it first answers HTTP: its web server has just started and its update driver, which starts
     * right after it, has not run a round yet or is in its first one. up then fails, as it should.
     */
    private String killWhileStarting(String when) throws Exception {
        long killed = suite.pidOf("update-service");
        java.util.concurrent.CompletableFuture<Void> up = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                suite.up();
            } catch (Exception | AssertionError e) {
                // expected: the process it started was killed before it was healthy
            }
        });
        long[] started = new long[1];
        Http service = new Http("http://127.0.0.1:" + suite.updatePort);
        // a request made before the web server runs waits in the listen backlog and is answered once it does
        await("update-service restarted and answering").atMost(LocalSuite.START_TIMEOUT)
                .pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
                    started[0] = suite.pidOf("update-service");
                    return started[0] != killed && ProcessHandle.of(started[0]).isPresent()
                            && service.get("/actuator/health").status() > 0;
                });
        ProcessHandle process = ProcessHandle.of(started[0]).orElseThrow();
        process.destroyForcibly();
        process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        up.get(LocalSuite.START_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        return when + ": pid " + started[0];
    }

    private void awaitUpdate(String id, java.util.function.Predicate<JsonNode> condition) {
        await().atMost(UPDATE_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> condition.test(details(id)));
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
        Http.Response started = gateway.post(job + "/updates", "application/json",
                updateRequest(newSpec, moreSettings).toString());
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.json().get("id").asString();
    }

    /**
     * Starts the update as a CI system would: a webhook signed with provider "e2e"'s secret, sent
     * twice with one delivery id — the second is answered the same, and starts nothing.
     */
    private String startUpdateByHook(String job, ObjectNode newSpec) throws Exception {
        ObjectNode hook = updateRequest(newSpec, s -> { });
        hook.put("job", job.substring("/api/v1/jobs/".length()));
        String body = hook.toString();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(LocalSuite.HOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        Http.Response started = gateway.post("/api/v1/hooks/e2e", "application/json", body,
                "X-Hub-Signature-256", signature, "X-Hook-Delivery", "e2e-build-2");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        Http.Response again = gateway.post("/api/v1/hooks/e2e", "application/json", body,
                "X-Hub-Signature-256", signature, "X-Hook-Delivery", "e2e-build-2");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(started.body());
        return started.json().get("id").asString();
    }

    private static ObjectNode updateRequest(ObjectNode newSpec, Consumer<ObjectNode> moreSettings) {
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
        return body;
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
