package io.borealis.job.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.job.Http;
import io.borealis.job.JobServiceIT;
import io.borealis.job.Specs;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The job API over real HTTP: create (JSON and YAML), read, list, add and kill instances, delete. */
@JobServiceIT
class JobApiIT {

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void createsReadsListsAndDeletesAJob() {
        String name = Specs.uniqueName();
        HttpResponse<String> created = http.postJson("/api/v1/jobs", Specs.json(name, 3));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/jobs/web/prod/" + name);
        JsonNode view = Http.json(created);
        assertThat(view.path("key").path("name").asString()).isEqualTo(name);
        assertThat(view.path("instanceCount").asInt()).isEqualTo(3);
        String version = view.path("instances").path("0").asString();
        assertThat(version).hasSize(12);
        assertThat(view.path("instances").path("2").asString()).isEqualTo(version);
        JsonNode config = view.path("configs").path(version);
        assertThat(config.path("command").asString()).startsWith("exec python3");
        assertThat(config.path("tier").asString()).as("default filled in").isEqualTo("preferred");
        assertThat(config.path("killGracePeriodSecs").asInt()).isEqualTo(5);

        JsonNode fetched = Http.json(http.get("/api/v1/jobs/web/prod/" + name));
        assertThat(fetched.path("instances")).isEqualTo(view.path("instances"));
        assertThat(fetched.path("spec").path("task").path("maxTaskFailures").asInt()).isEqualTo(1);

        HttpResponse<String> list = http.get("/api/v1/jobs?role=web&environment=prod");
        assertThat(list.statusCode()).as("the list survives the scheduler being down").isEqualTo(200);
        JsonNode summary = findByName(Http.json(list), name);
        assertThat(summary.path("instanceCount").asInt()).isEqualTo(3);
        assertThat(summary.path("configVersions").get(0).asString()).isEqualTo(version);
        assertThat(summary.path("taskCounts").isEmpty()).isTrue();
        assertThat(Http.json(http.get("/api/v1/jobs?role=nobody")).isEmpty()).isTrue();

        assertThat(http.delete("/api/v1/jobs/web/prod/" + name).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = http.get("/api/v1/jobs/web/prod/" + name);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(Http.json(gone).path("type").asString()).isEqualTo("https://borealis.dev/problems/job-not-found");
        assertThat(http.delete("/api/v1/jobs/web/prod/" + name).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/yaml", "application/x-yaml", "text/yaml"})
    void acceptsYaml(String contentType) {
        String name = Specs.uniqueName();
        HttpResponse<String> created = http.post("/api/v1/jobs", contentType, Specs.yaml(name, 2));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(Http.json(created).path("instanceCount").asInt()).isEqualTo(2);
    }

    @Test
    void theSameTaskGetsTheSameVersionWhetherJsonOrYaml() {
        JsonNode fromJson = Http.json(http.postJson("/api/v1/jobs", Specs.json(Specs.uniqueName(), 1)));
        JsonNode fromYaml = Http.json(http.post("/api/v1/jobs", "application/yaml", Specs.yaml(Specs.uniqueName(), 1)));

        assertThat(fromYaml.path("instances").path("0").asString())
                .isEqualTo(fromJson.path("instances").path("0").asString());
    }

    @Test
    void addsAndKillsInstances() {
        String name = Specs.uniqueName();
        String path = "/api/v1/jobs/web/prod/" + name;
        http.postJson("/api/v1/jobs", Specs.json(name, 2));

        HttpResponse<String> added = http.postJson(path + "/instances", "{\"count\": 2}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(Http.json(added).path("instances").propertyNames()).containsExactly("0", "1", "2", "3");

        HttpResponse<String> killed = http.postJson(path + "/kill", "{\"instances\": [1, 3]}");
        assertThat(killed.statusCode()).as(killed.body()).isEqualTo(200);
        JsonNode view = Http.json(killed);
        assertThat(view.path("instances").propertyNames()).containsExactly("0", "2");
        assertThat(view.path("instanceCount").asInt()).isEqualTo(2);
        assertThat(view.path("spec").path("instances").asInt()).isEqualTo(2);

        JsonNode readded = Http.json(http.postJson(path + "/instances", "{\"count\": 1}"));
        assertThat(readded.path("instances").propertyNames()).as("ids continue after the highest").containsExactly("0", "2", "3");
    }

    @Test
    void killingUnknownInstancesNamesThemAndChangesNothing() {
        String name = Specs.uniqueName();
        String path = "/api/v1/jobs/web/prod/" + name;
        http.postJson("/api/v1/jobs", Specs.json(name, 2));

        HttpResponse<String> refused = http.postJson(path + "/kill", "{\"instances\": [1, 7, 9]}");

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = Http.json(refused);
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("instances");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("[7, 9]");
        assertThat(Http.json(http.get(path)).path("instanceCount").asInt()).isEqualTo(2);
    }

    @Test
    void addingZeroInstancesIsRefused() {
        String name = Specs.uniqueName();
        http.postJson("/api/v1/jobs", Specs.json(name, 1));

        HttpResponse<String> refused = http.postJson("/api/v1/jobs/web/prod/" + name + "/instances", "{\"count\": 0}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Http.json(refused).path("errors").get(0).path("field").asString()).isEqualTo("count");
    }

    @Test
    void desiredStateHoldsEveryJobAndTheNewestEventId() {
        String name = Specs.uniqueName();
        http.postJson("/api/v1/jobs", Specs.json(name, 2));

        HttpResponse<String> response = http.get("/api/v1/desired-state");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode state = Http.json(response);
        assertThat(state.path("lastEventId").asLong()).isPositive();
        JsonNode job = null;
        for (JsonNode j : state.path("jobs")) {
            if (j.path("key").path("name").asString().equals(name)) {
                job = j;
            }
        }
        assertThat(job).isNotNull();
        assertThat(job.path("instances").size()).isEqualTo(2);
        assertThat(job.path("configs").size()).isEqualTo(1);
    }

    private static JsonNode findByName(JsonNode list, String name) {
        for (JsonNode summary : list) {
            if (summary.path("key").path("name").asString().equals(name)) {
                return summary;
            }
        }
        throw new AssertionError("no job " + name + " in " + list);
    }
}
