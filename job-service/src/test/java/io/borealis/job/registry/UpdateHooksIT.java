package io.borealis.job.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.job.Http;
import io.borealis.job.JobServiceIT;
import io.borealis.job.Specs;
import io.borealis.job.StoredRows;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The hooks update-service drives: config versions, the update lock, setting and removing one instance. */
@JobServiceIT
class UpdateHooksIT {

    private static final String PROBLEMS = "https://borealis.dev/problems/";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Http http;
    String role;
    String path;
    String v1;
    String update;

    @BeforeEach
    void job() {
        http = new Http(port);
        role = Specs.uniqueRole();
        path = "/api/v1/jobs/" + role + "/prod/web";
        update = UUID.randomUUID().toString();
        HttpResponse<String> created = http.postJson("/api/v1/jobs", Specs.json(role, "web", 2, 0.25, 128, 0, false));
        assertThat(created.statusCode()).isEqualTo(201);
        v1 = Http.json(created).path("instances").path("0").asString();
    }

    private HttpResponse<String> lock(String holder) {
        return http.postJson(path + "/lock", "{\"holder\": \"" + holder + "\"}");
    }

    private HttpResponse<String> set(int instance, String version, String holder) {
        return http.putJson(path + "/instances/" + instance,
                "{\"configVersion\": \"" + version + "\", \"holder\": \"" + holder + "\"}");
    }

    private String storeConfig(int ramMb) {
        HttpResponse<String> stored = http.postJson(path + "/configs", Specs.task(0.25, ramMb, 0, false));
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        return Http.json(stored).path("version").asString();
    }

    private long events(String type) {
        Long n = jdbc.queryForObject("select count(*) from outbox_events where subject = ? and type = ?", Long.class,
                role + "/prod/web", type);
        return n == null ? 0 : n;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(Http.json(response).path("type").asString()).isEqualTo(PROBLEMS + type);
    }

    @Test
    void storingAConfigIsIdempotentAndHashesLikeACreate() {
        assertThat(storeConfig(128)).as("the job's own config, defaults applied").isEqualTo(v1);
        String v2 = storeConfig(256);
        assertThat(v2).isNotEqualTo(v1).hasSize(12);
        long configs = StoredRows.count(jdbc).configs();

        assertThat(storeConfig(256)).isEqualTo(v2);
        assertThat(StoredRows.count(jdbc).configs()).isEqualTo(configs);
    }

    @Test
    void anInvalidConfigIsRefusedNamingItsFieldsAndNothingIsStored() {
        StoredRows before = StoredRows.count(jdbc);

        HttpResponse<String> refused = http.postJson(path + "/configs",
                "{\"command\": \"run\", \"resources\": {\"cpus\": 0, \"ramMb\": 64, \"gpus\": 1}}");

        assertProblem(refused, 400, "invalid-job-spec");
        assertThat(Http.json(refused).path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("resources.gpus", "resources.cpus");
        assertThat(StoredRows.count(jdbc)).isEqualTo(before);
        assertProblem(http.postJson("/api/v1/jobs/" + role + "/prod/nope/configs", Specs.task(1, 1, 0, false)), 404, "job-not-found");
    }

    @Test
    void theLockIsHeldByOneUpdateAndBlocksUsersInstanceChanges() {
        HttpResponse<String> locked = lock(update);
        assertThat(locked.statusCode()).as(locked.body()).isEqualTo(200);
        JsonNode view = Http.json(locked);
        assertThat(view.path("holder").asString()).isEqualTo(update);
        assertThat(Http.json(lock(update)).path("since")).as("taking it again is a no-op").isEqualTo(view.path("since"));
        assertThat(Http.json(http.get(path + "/lock"))).isEqualTo(view);

        HttpResponse<String> other = lock("other-update");
        assertProblem(other, 409, "job-locked");
        assertThat(Http.json(other).path("holder").asString()).isEqualTo(update);
        assertThat(Http.json(other).path("detail").asString()).contains(update);

        StoredRows before = StoredRows.count(jdbc);
        HttpResponse<String> add = http.postJson(path + "/instances", "{\"count\": 1}");
        assertProblem(add, 409, "job-locked");
        assertThat(Http.json(add).path("detail").asString()).contains("A running job's config cannot be changed outside an update");
        assertProblem(http.postJson(path + "/kill", "{\"instances\": [0]}"), 409, "job-locked");
        assertProblem(http.delete(path), 409, "job-locked");
        assertThat(StoredRows.count(jdbc)).isEqualTo(before);

        assertProblem(http.delete(path + "/lock?holder=other-update"), 409, "job-locked");
        assertThat(http.delete(path + "/lock?holder=" + update).statusCode()).isEqualTo(204);
        assertThat(http.delete(path + "/lock?holder=" + update).statusCode()).as("idempotent").isEqualTo(204);
        assertProblem(http.get(path + "/lock"), 404, "lock-not-found");
        assertThat(http.postJson(path + "/instances", "{\"count\": 1}").statusCode()).isEqualTo(200);
    }

    @Test
    void badLockRequestsAreNamed() {
        assertProblem(http.postJson(path + "/lock", "{}"), 400, "invalid-request");
        assertThat(Http.json(http.postJson(path + "/lock", "{\"holder\": \"has space\"}")).path("errors").get(0).path("field").asString())
                .isEqualTo("holder");
        assertProblem(http.delete(path + "/lock"), 400, "invalid-request");
        assertProblem(http.postJson("/api/v1/jobs/" + role + "/prod/nope/lock", "{\"holder\": \"u\"}"), 404, "job-not-found");
        assertProblem(http.get("/api/v1/jobs/" + role + "/prod/nope/lock"), 404, "job-not-found");
        assertThat(StoredRows.count(jdbc).jobs()).isPositive();
        assertProblem(http.get(path + "/lock"), 404, "lock-not-found");
    }

    @Test
    void anUpdateSetsAddsAndRemovesInstancesUnderItsLockWithEvents() {
        String v2 = storeConfig(256);
        lock(update);

        HttpResponse<String> changed = set(0, v2, update);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode view = Http.json(changed);
        assertThat(view.path("instances").path("0").asString()).isEqualTo(v2);
        assertThat(view.path("instances").path("1").asString()).isEqualTo(v1);
        assertThat(view.path("configs").propertyNames()).containsExactlyInAnyOrder(v1, v2);
        assertThat(view.path("spec").path("task").path("resources").path("ramMb").asInt()).as("v2 is the newest").isEqualTo(256);
        assertThat(events("INSTANCE_CONFIG_SET")).isEqualTo(1);
        assertThat(set(0, v2, update).statusCode()).isEqualTo(200);
        assertThat(events("INSTANCE_CONFIG_SET")).as("setting the same version is a no-op").isEqualTo(1);

        JsonNode grown = Http.json(set(2, v2, update));
        assertThat(grown.path("instances").propertyNames()).containsExactly("0", "1", "2");
        assertThat(grown.path("instanceCount").asInt()).isEqualTo(3);
        assertThat(grown.path("spec").path("instances").asInt()).isEqualTo(3);

        HttpResponse<String> removed = http.delete(path + "/instances/2?holder=" + update);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(Http.json(removed).path("instances").propertyNames()).containsExactly("0", "1");
        assertThat(events("INSTANCE_REMOVED")).isEqualTo(1);
        assertThat(http.delete(path + "/instances/2?holder=" + update).statusCode()).as("idempotent").isEqualTo(200);
        assertThat(events("INSTANCE_REMOVED")).isEqualTo(1);

        // rolling back: the old version is still there while the update holds the lock
        set(1, v2, update);
        assertThat(set(1, v1, update).statusCode()).isEqualTo(200);
        assertThat(set(0, v1, update).statusCode()).isEqualTo(200);

        String unused = v2;
        assertThat(http.delete(path + "/lock?holder=" + update).statusCode()).isEqualTo(204);
        Long left = jdbc.queryForObject("select count(*) from task_configs c join jobs j on j.id = c.job_id "
                + "where j.role = ? and c.version = ?", Long.class, role, unused);
        assertThat(left).as("configs nothing uses are dropped when the lock is released").isZero();
        JsonNode after = Http.json(http.postJson(path + "/instances", "{\"count\": 1}"));
        assertThat(after.path("instances").path("2").asString()).as("new instances clone the newest config").isEqualTo(v1);
    }

    @Test
    void instanceChangesNeedTheLockAndAKnownVersion() {
        String v2 = storeConfig(512);
        StoredRows before = StoredRows.count(jdbc);

        assertProblem(set(0, v2, update), 409, "lock-not-held");
        assertProblem(http.delete(path + "/instances/0?holder=" + update), 409, "lock-not-held");
        lock(update);
        assertProblem(set(0, v2, "someone-else"), 409, "job-locked");

        HttpResponse<String> unknown = set(0, "abcdefabcdef", update);
        assertProblem(unknown, 400, "invalid-request");
        assertThat(Http.json(unknown).path("errors").get(0).path("field").asString()).isEqualTo("configVersion");

        HttpResponse<String> missing = http.putJson(path + "/instances/-1", "{\"holder\": \"" + update + "\"}");
        assertProblem(missing, 400, "invalid-request");
        assertThat(Http.json(missing).path("errors").findValuesAsString("field")).containsExactly("instance", "configVersion");
        assertProblem(http.putJson(path + "/instances/x", "{}"), 400, "invalid-request");
        assertProblem(http.putJson("/api/v1/jobs/" + role + "/prod/nope/instances/0",
                "{\"configVersion\": \"" + v2 + "\", \"holder\": \"" + update + "\"}"), 404, "job-not-found");

        StoredRows after = StoredRows.count(jdbc);
        assertThat(after.instances()).isEqualTo(before.instances());
        assertThat(after.events()).isEqualTo(before.events());
        assertThat(Http.json(http.get(path)).path("instances").path("0").asString()).isEqualTo(v1);
    }
}
