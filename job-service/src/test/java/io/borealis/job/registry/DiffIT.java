package io.borealis.job.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.job.Http;
import io.borealis.job.JobServiceIT;
import io.borealis.job.Specs;
import io.borealis.job.StoredRows;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** {@code POST /jobs/{role}/{env}/{name}/diff}: what an update to a spec would change, and nothing is stored. */
@JobServiceIT
class DiffIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Http http;
    String role;
    String path;

    @BeforeEach
    void job() {
        http = new Http(port);
        role = Specs.uniqueRole();
        path = "/api/v1/jobs/" + role + "/prod/web";
        assertThat(http.postJson("/api/v1/jobs", Specs.json(role, "web", 3, 0.25, 128, 0, true)).statusCode()).isEqualTo(201);
    }

    private JsonNode diff(String spec) {
        HttpResponse<String> diff = http.postJson(path + "/diff", spec);
        assertThat(diff.statusCode()).as(diff.body()).isEqualTo(200);
        return Http.json(diff);
    }

    @Test
    void theSameSpecChangesNothing() {
        JsonNode diff = diff(Specs.json(role, "web", 3, 0.25, 128, 0, true));

        String version = Http.json(http.get(path)).path("instances").path("0").asString();
        assertThat(diff.path("proposedVersion").asString()).isEqualTo(version);
        assertThat(diff.path("newestVersion").asString()).isEqualTo(version);
        assertThat(diff.path("currentVersions").get(0).asString()).isEqualTo(version);
        assertThat(diff.path("unchanged").toString()).isEqualTo("[0,1,2]");
        assertThat(diff.path("added").isEmpty()).isTrue();
        assertThat(diff.path("changed").isEmpty()).isTrue();
        assertThat(diff.path("configChanges").isEmpty()).isTrue();
    }

    @Test
    void fewerInstancesWithMoreRamRemovesAndChanges() {
        StoredRows before = StoredRows.count(jdbc);

        JsonNode diff = diff(Specs.json(role, "web", 2, 0.25, 256, 0, true));

        String from = diff.path("newestVersion").asString();
        String to = diff.path("proposedVersion").asString();
        assertThat(to).isNotEqualTo(from).hasSize(12);
        assertThat(diff.path("removed").toString()).isEqualTo("[2]");
        assertThat(diff.path("changed")).hasSize(2);
        assertThat(diff.path("changed").get(1).path("instance").asInt()).isEqualTo(1);
        assertThat(diff.path("changed").get(1).path("from").asString()).isEqualTo(from);
        assertThat(diff.path("changed").get(1).path("to").asString()).isEqualTo(to);
        JsonNode change = diff.path("configChanges").get(0);
        assertThat(diff.path("configChanges")).hasSize(1);
        assertThat(change.path("path").asString()).isEqualTo("resources.ramMb");
        assertThat(change.path("from").asInt()).isEqualTo(128);
        assertThat(change.path("to").asInt()).isEqualTo(256);
        assertThat(StoredRows.count(jdbc)).as("a diff stores nothing").isEqualTo(before);
    }

    @Test
    void moreInstancesAreAdded() {
        JsonNode diff = diff(Specs.json(role, "web", 5, 0.25, 128, 0, true));

        assertThat(diff.path("added").toString()).isEqualTo("[3,4]");
        assertThat(diff.path("unchanged").toString()).isEqualTo("[0,1,2]");
    }

    @Test
    void aSpecForAnotherJobIsRefusedNamingTheKey() {
        HttpResponse<String> refused = http.postJson(path + "/diff", Specs.json(role, "other", 3, 0.25, 128, 0, true));

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = Http.json(refused);
        assertThat(problem.path("type").asString()).isEqualTo("https://borealis.dev/problems/invalid-job-spec");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("key");
    }

    @Test
    void anInvalidSpecIsRefusedLikeACreate() {
        HttpResponse<String> refused = http.postJson(path + "/diff",
                Specs.json(role, "web", 0, 0.25, 128, 0, true).replace("\"ramMb\"", "\"ramMB\""));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Http.json(refused).path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("task.resources.ramMB", "instances", "task.resources.ramMb");
    }

    @Test
    void anUnknownJobIs404() {
        HttpResponse<String> missing = http.postJson("/api/v1/jobs/" + role + "/prod/nope/diff",
                Specs.json(role, "nope", 1, 0.25, 128, 0, true));

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Http.json(missing).path("type").asString()).isEqualTo("https://borealis.dev/problems/job-not-found");
    }
}
