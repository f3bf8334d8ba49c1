package io.borealis.job.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.job.Http;
import io.borealis.job.JobServiceIT;
import io.borealis.job.Specs;
import io.borealis.job.StoredRows;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The acceptance: malformed JSON, a bad job key, zero or negative instances, an unknown
 * resource, a missing command, a duplicate create and a 10 MB body each get a 4xx problem+json that
 * names the fault, and nothing is stored.
 */
@JobServiceIT
class BadInputIT {

    private static final String PROBLEMS = "https://borealis.dev/problems/";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    static Stream<Arguments> badSpecs() {
        String valid = Specs.json("bad-input", 1);
        return Stream.of(
                Arguments.of("malformed JSON", "application/json", "{\"key\": {\"role\": \"web\",,}",
                        400, "malformed-body", "", "line 1, column"),
                Arguments.of("malformed YAML", "application/yaml", "instances: 1\nkind: SERVICE: x\n",
                        400, "malformed-body", "", "line"),
                Arguments.of("bad job key", "application/json", valid.replace("\"name\": \"bad-input\"", "\"name\": \"no spaces!\""),
                        400, "invalid-job-spec", "key.name", "must match"),
                Arguments.of("zero instances", "application/json", valid.replace("\"instances\": 1", "\"instances\": 0"),
                        400, "invalid-job-spec", "instances", "must be ≥ 1"),
                Arguments.of("negative instances", "application/json", valid.replace("\"instances\": 1", "\"instances\": -3"),
                        400, "invalid-job-spec", "instances", "must be ≥ 1"),
                Arguments.of("unknown resource", "application/json", valid.replace("\"cpus\": 0.25", "\"cpus\": 0.25, \"gpus\": 2"),
                        400, "invalid-job-spec", "task.resources.gpus", "unknown property"),
                Arguments.of("missing command", "application/json",
                        valid.replace("\"command\": \"exec python3 -m http.server $PORT_HTTP\",", ""),
                        400, "invalid-job-spec", "task.command", "required"),
                Arguments.of("wrong type", "application/json", valid.replace("\"instances\": 1", "\"instances\": \"three\""),
                        400, "invalid-job-spec", "instances", "invalid value 'three'"),
                Arguments.of("unknown kind", "application/json", valid.replace("\"SERVICE\"", "\"DAEMON\""),
                        400, "invalid-job-spec", "kind", "DAEMON"),
                Arguments.of("empty body", "application/json", "", 400, "malformed-body", "", "body"),
                Arguments.of("unsupported media type", "text/plain", valid, 415, "unsupported-media-type", "", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void badSpecGetsAProblemNamingTheFaultAndStoresNothing(String label, String contentType, String body, int status,
            String type, String field, String message) {
        StoredRows before = StoredRows.count(jdbc);

        HttpResponse<String> response = http.post("/api/v1/jobs", contentType, body);

        assertProblem(response, status, type, field, message);
        assertThat(StoredRows.count(jdbc)).isEqualTo(before);
    }

    @Test
    void everyFaultIsNamedInOneAnswer() {
        String body = Specs.json("many faults", 0)
                .replace("\"cpus\": 0.25", "\"cpus\": 0, \"gpus\": 2")
                .replace("\"ports\": [\"http\"]", "\"ports\": [\"http\", \"http\"]")
                .replace("\"command\": \"exec python3 -m http.server $PORT_HTTP\",", "\"command\": \" \", \"colour\": \"red\",");

        HttpResponse<String> response = http.postJson("/api/v1/jobs", body);

        assertThat(response.statusCode()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        Http.json(response).path("errors").forEach(e -> fields.add(e.path("field").asString()));
        assertThat(fields).contains("key.name", "instances", "task.command", "task.colour", "task.resources.cpus",
                "task.resources.gpus", "task.resources.ports[1]");
    }

    @Test
    void duplicateCreateIsAConflictAndChangesNothing() {
        String name = Specs.uniqueName();
        assertThat(http.postJson("/api/v1/jobs", Specs.json(name, 1)).statusCode()).isEqualTo(201);
        StoredRows before = StoredRows.count(jdbc);

        HttpResponse<String> again = http.postJson("/api/v1/jobs", Specs.json(name, 5));

        assertProblem(again, 409, "job-exists", "key", "already exists");
        assertThat(StoredRows.count(jdbc)).isEqualTo(before);
        assertThat(Http.json(http.get("/api/v1/jobs/web/prod/" + name)).path("instanceCount").asInt()).isEqualTo(1);
    }

    @Test
    void tenMegabyteBodyIsRefusedBeforeItIsRead() {
        StoredRows before = StoredRows.count(jdbc);
        byte[] huge = new byte[10 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        byte[] spec = Specs.json(Specs.uniqueName(), 1).getBytes();
        System.arraycopy(spec, 0, huge, 0, spec.length);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri("/api/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build());

        assertProblem(response, 413, "body-too-large", "", "bytes");
        assertThat(StoredRows.count(jdbc)).isEqualTo(before);
    }

    @Test
    void oversizedChunkedBodyIsCutOffWhileReading() {
        StoredRows before = StoredRows.count(jdbc);
        byte[] huge = new byte[3 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        byte[] spec = Specs.json(Specs.uniqueName(), 1).getBytes();
        System.arraycopy(spec, 0, huge, 0, spec.length);

        // ofInputStream has no known length: the client sends Transfer-Encoding: chunked
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri("/api/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build());

        assertProblem(response, 413, "body-too-large", "", "bytes");
        assertThat(StoredRows.count(jdbc)).isEqualTo(before);
    }

    @Test
    void badKeyInThePathIsNamed() {
        HttpResponse<String> response = http.get("/api/v1/jobs/web/prod/" + "x".repeat(65));

        assertProblem(response, 400, "invalid-job-key", "name", "must match");
    }

    @Test
    void wrongMethodAndUnknownPathAreProblems() {
        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(http.uri("/api/v1/jobs"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());
        assertProblem(wrongMethod, 405, "method-not-allowed", "", "");

        assertProblem(http.get("/api/v1/nothing-here"), 404, "not-found", "", "");
    }

    @Test
    void unknownPropertyInInstanceRequestIsNamed() {
        String name = Specs.uniqueName();
        http.postJson("/api/v1/jobs", Specs.json(name, 1));

        HttpResponse<String> response = http.postJson("/api/v1/jobs/web/prod/" + name + "/instances", "{\"count\": 1, \"size\": 2}");

        assertProblem(response, 400, "invalid-request", "size", "unknown property");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String field, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = Http.json(response);
        assertThat(problem.path("type").asString()).isEqualTo(PROBLEMS + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        JsonNode errors = problem.path("errors");
        assertThat(errors.isArray()).as("errors array in " + problem).isTrue();
        boolean named = false;
        for (JsonNode error : errors) {
            named |= error.path("field").asString().equals(field) && error.path("message").asString().contains(message);
        }
        assertThat(named).as("an error {field: '%s', message: '…%s…'} in %s", field, message, errors).isTrue();
    }
}
