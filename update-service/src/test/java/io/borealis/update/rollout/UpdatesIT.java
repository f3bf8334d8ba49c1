package io.borealis.update.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.UpdateSettings;
import io.borealis.update.EmbeddedPostgresConfig;
import io.borealis.update.Http;
import io.borealis.update.lifecycle.InstanceAction;
import io.borealis.update.lifecycle.UpdateStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/** The read API of update-service on a real port, over a real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.boot.admin.client.enabled=false", "borealis.rollout.tick=1h"})
@Import(EmbeddedPostgresConfig.class)
class UpdatesIT {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Autowired
    JobUpdates updates;
    @Autowired
    JobUpdateEvents events;
    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void setUp() {
        events.deleteAll();
        updates.deleteAll();
        http = new Http(port);
    }

    @Test
    void noUpdatesYetIsAnEmptyList() {
        Http.Response response = http.get("/api/v1/updates");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().isArray()).isTrue();
        assertThat(response.json()).isEmpty();
    }

    @Test
    void theListFiltersByJobAndStatusNewestFirst() {
        UUID first = store(new JobKey("web", "prod", "hello"), UpdateStatus.ROLLED_FORWARD, T0);
        UUID second = store(new JobKey("web", "prod", "hello"), UpdateStatus.ROLLING_FORWARD, T0.plusSeconds(60));
        UUID other = store(new JobKey("web", "devel", "hello"), UpdateStatus.ROLLED_BACK, T0.plusSeconds(30));
        UUID batch = store(new JobKey("batch", "prod", "etl"), UpdateStatus.ROLLING_FORWARD, T0.plusSeconds(90));

        assertThat(ids("/api/v1/updates")).containsExactly(batch, second, other, first);
        assertThat(ids("/api/v1/updates?role=web")).containsExactly(second, other, first);
        assertThat(ids("/api/v1/updates?role=web&environment=prod&name=hello")).containsExactly(second, first);
        assertThat(ids("/api/v1/updates?status=ROLLING_FORWARD")).containsExactly(batch, second);
        assertThat(ids("/api/v1/updates?role=web&status=ROLLED_BACK")).containsExactly(other);
        assertThat(ids("/api/v1/updates?limit=2")).containsExactly(batch, second);
        assertThat(ids("/api/v1/updates?name=nothing")).isEmpty();

        JsonNode summary = http.get("/api/v1/updates?role=batch").json().get(0);
        assertThat(summary.get("job").get("role").asString()).isEqualTo("batch");
        assertThat(summary.get("job").get("environment").asString()).isEqualTo("prod");
        assertThat(summary.get("job").get("name").asString()).isEqualTo("etl");
        assertThat(summary.get("status").asString()).isEqualTo("ROLLING_FORWARD");
        assertThat(summary.get("message").asString()).isEqualTo("rollout of batch/prod/etl");
        assertThat(summary.get("createdAt").asString()).isEqualTo("2026-01-01T10:01:30Z");
    }

    @Test
    void oneUpdateComesWithItsSettingsAndHistory() {
        UUID id = store(new JobKey("web", "prod", "hello"), UpdateStatus.ROLLING_FORWARD, T0);
        events.saveAll(List.of(
                JobUpdateEvent.statusChanged(id, UpdateStatus.ROLLING_FORWARD, T0, "started"),
                JobUpdateEvent.instanceAction(id, InstanceAction.INSTANCE_UPDATING, 0, T0.plusSeconds(1), null),
                JobUpdateEvent.instanceAction(id, InstanceAction.INSTANCE_UPDATED, 0, T0.plusSeconds(12), null)));

        Http.Response response = http.get("/api/v1/updates/" + id);

        assertThat(response.status()).isEqualTo(200);
        JsonNode update = response.json();
        assertThat(update.get("id").asString()).isEqualTo(id.toString());
        assertThat(update.get("status").asString()).isEqualTo("ROLLING_FORWARD");
        assertThat(update.get("settings").get("batchSize").asInt()).isEqualTo(2);
        assertThat(update.get("settings").get("watchSecs").asInt()).isEqualTo(10);
        assertThat(update.get("settings").get("batchSizes").get(1).asInt()).isEqualTo(3);
        assertThat(update.get("settings").get("rollbackOnFailure").asBoolean()).isTrue();
        JsonNode history = update.get("events");
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("status").asString()).isEqualTo("ROLLING_FORWARD");
        assertThat(history.get(0).get("message").asString()).isEqualTo("started");
        assertThat(history.get(1).get("action").asString()).isEqualTo("INSTANCE_UPDATING");
        assertThat(history.get(2).get("action").asString()).isEqualTo("INSTANCE_UPDATED");
        assertThat(history.get(2).get("instance").asInt()).isZero();
        assertThat(history.get(2).get("at").asString()).isEqualTo("2026-01-01T10:00:12Z");
    }

    @Test
    void anUnknownUpdateIsANotFoundProblem() {
        UUID unknown = UUID.randomUUID();

        Http.Response response = http.get("/api/v1/updates/" + unknown);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        assertThat(response.json().get("type").asString()).isEqualTo("https://borealis.dev/problems/update-not-found");
        assertThat(response.json().get("updateId").asString()).isEqualTo(unknown.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/api/v1/updates/not-a-uuid,             id",
            "/api/v1/updates?status=ROLLING_SIDEWAYS, status",
            "/api/v1/updates?role=we%20b,            role",
            "/api/v1/updates?environment=,           environment",
            "/api/v1/updates?limit=0,                limit",
            "/api/v1/updates?limit=1001,             limit",
            "/api/v1/updates?limit=many,             limit"})
    void aBadParameterIsABadRequestProblemNamingIt(String path, String parameter) {
        Http.Response response = http.get(path);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        assertThat(response.json().get("type").asString()).isEqualTo("https://borealis.dev/problems/invalid-parameter");
        assertThat(response.json().get("parameter").asString()).isEqualTo(parameter);
    }

    @Test
    void pathsAndMethodsNobodyServesAreProblemsToo() {
        Http.Response unknownPath = http.get("/api/v1/nothing");
        Http.Response wrongMethod = http.send("DELETE", "/api/v1/updates");

        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.contentType()).startsWith(PROBLEM_JSON);
        assertThat(unknownPath.json().has("type")).as(unknownPath.body()).isTrue();
        assertThat(unknownPath.json().get("type").asString()).isEqualTo("https://borealis.dev/problems/not-found");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.contentType()).startsWith(PROBLEM_JSON);
        assertThat(wrongMethod.json().get("type").asString()).isEqualTo("https://borealis.dev/problems/method-not-allowed");
    }

    @Test
    void healthMetricsAndApiDocsAnswer() {
        Http.Response health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(health.json().get("components").get("db").get("status").asString()).isEqualTo("UP");

        Http.Response metrics = http.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");

        Http.Response docs = http.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/v1/updates/{id}")).isTrue();
    }

    private UUID store(JobKey job, UpdateStatus status, Instant at) {
        UpdateSettings settings = new UpdateSettings(2, null, List.of(1, 3), 10, 1, 0, true, false, null, null,
                null, null);
        JobUpdate update = new JobUpdate(UUID.randomUUID(), job, settings, "rollout of " + job, at);
        update.moveTo(status, at);
        return updates.save(update).id();
    }

    private List<UUID> ids(String path) {
        Http.Response response = http.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().valueStream().map(u -> UUID.fromString(u.get("id").asString())).toList();
    }
}
