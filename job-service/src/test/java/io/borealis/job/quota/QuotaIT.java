package io.borealis.job.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.job.Http;
import io.borealis.job.JobServiceIT;
import io.borealis.job.Specs;
import io.borealis.job.StoredRows;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Production quotas over real HTTP: view, set, enforcement at create and add-instances, the update check. */
@JobServiceIT
class QuotaIT {

    private static final String QUOTA_EXCEEDED = "https://borealis.dev/problems/quota-exceeded";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Http http;
    String role;

    @BeforeEach
    void client() {
        http = new Http(port);
        role = Specs.uniqueRole();
    }

    private HttpResponse<String> create(String name, int instances, int ramMb, boolean production) {
        return http.postJson("/api/v1/jobs", Specs.json(role, name, instances, 0.25, ramMb, 0, production));
    }

    private void setQuota(String cpus, long ramMb, long diskMb) {
        HttpResponse<String> put = http.putJson("/api/v1/quotas/" + role,
                "{\"cpus\": %s, \"ramMb\": %d, \"diskMb\": %d}".formatted(cpus, ramMb, diskMb));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    private JsonNode quota() {
        HttpResponse<String> get = http.get("/api/v1/quotas/" + role);
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        return Http.json(get);
    }

    @Test
    void aRoleWithoutQuotaIsUnlimitedAndConsumptionCountsProductionInstancesOnly() {
        assertThat(create("big", 40, 4096, true).statusCode()).isEqualTo(201);
        assertThat(create("batchy", 10, 1024, false).statusCode()).isEqualTo(201);

        JsonNode view = quota();
        assertThat(view.path("role").asString()).isEqualTo(role);
        assertThat(view.path("quota").isNull()).as("no quota set: unlimited").isTrue();
        assertThat(view.path("consumption").path("cpus").asDouble()).isEqualTo(10.0);
        assertThat(view.path("consumption").path("ramMb").asLong()).isEqualTo(40L * 4096);
        assertThat(view.path("consumption").path("diskMb").asLong()).isZero();
    }

    @Test
    void putSetsTheQuotaAndGetShowsItWithConsumption() {
        create("web", 3, 128, true);

        HttpResponse<String> put = http.putJson("/api/v1/quotas/" + role, "{\"cpus\": 2.5, \"ramMb\": 1024, \"diskMb\": 0}");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode view = Http.json(put);
        assertThat(view.path("quota").path("cpus").asDouble()).isEqualTo(2.5);
        assertThat(view.path("quota").path("ramMb").asLong()).isEqualTo(1024);
        assertThat(view.path("consumption").path("cpus").asDouble()).isEqualTo(0.75);
        assertThat(view.path("consumption").path("ramMb").asLong()).isEqualTo(384);
        assertThat(quota()).isEqualTo(view);
    }

    @Test
    void creatingOverTheQuotaIsRefusedNamingTheResourceAndNothingIsStored() {
        setQuota("100", 1024, 0);
        assertThat(create("in-use", 6, 128, true).statusCode()).isEqualTo(201);
        StoredRows before = StoredRows.count(jdbc);

        HttpResponse<String> refused = create("too-big", 12, 128, true);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = Http.json(refused);
        assertThat(problem.path("type").asString()).isEqualTo(QUOTA_EXCEEDED);
        assertThat(problem.path("detail").asString()).contains("ramMb: needs 1536, quota 1024, in use 768 — over by 1280");
        assertThat(problem.path("errors")).hasSize(1);
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("ramMb");
        JsonNode exceeded = problem.path("exceeded").get(0);
        assertThat(exceeded.path("resource").asString()).isEqualTo("ramMb");
        assertThat(exceeded.path("over").asLong()).isEqualTo(1280);
        assertThat(exceeded.path("inUse").asLong()).isEqualTo(768);
        assertThat(StoredRows.count(jdbc)).isEqualTo(before);
        assertThat(http.get("/api/v1/jobs/" + role + "/prod/too-big").statusCode()).isEqualTo(404);

        assertThat(create("fits-exactly", 2, 128, true).statusCode()).as("768 + 256 = 1024").isEqualTo(201);
        assertThat(create("not-production", 50, 128, false).statusCode()).as("only production counts").isEqualTo(201);
    }

    @Test
    void addingInstancesOverTheQuotaIsRefused() {
        setQuota("1", 100_000, 0);
        create("web", 2, 128, true);
        String path = "/api/v1/jobs/" + role + "/prod/web";
        StoredRows before = StoredRows.count(jdbc);

        HttpResponse<String> refused = http.postJson(path + "/instances", "{\"count\": 3}");

        assertThat(refused.statusCode()).isEqualTo(409);
        JsonNode problem = Http.json(refused);
        assertThat(problem.path("type").asString()).isEqualTo(QUOTA_EXCEEDED);
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("cpus");
        assertThat(problem.path("errors").get(0).path("message").asString()).isEqualTo("needs 0.75, quota 1, in use 0.5 — over by 0.25");
        assertThat(StoredRows.count(jdbc)).isEqualTo(before);

        assertThat(http.postJson(path + "/instances", "{\"count\": 2}").statusCode()).isEqualTo(200);
        assertThat(quota().path("consumption").path("cpus").asDouble()).isEqualTo(1.0);
    }

    @Test
    void concurrentCreatesCannotBothTakeTheLastShare() {
        setQuota("100", 1024, 0);
        List<CompletableFuture<HttpResponse<String>>> racing = IntStream.range(0, 6)
                .mapToObj(i -> http.client().sendAsync(HttpRequest.newBuilder(http.uri("/api/v1/jobs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Specs.json(role, "racer-" + i, 1, 0.25, 512, 0, true)))
                        .build(), HttpResponse.BodyHandlers.ofString()))
                .toList();

        List<Integer> statuses = racing.stream().map(f -> f.orTimeout(60, TimeUnit.SECONDS).join().statusCode()).toList();

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(2);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(4);
        assertThat(quota().path("consumption").path("ramMb").asLong()).isEqualTo(1024);
    }

    @Test
    void consumptionCountsEachInstanceWithItsOwnConfigVersion() {
        create("web", 3, 128, true);
        String path = "/api/v1/jobs/" + role + "/prod/web";
        String holder = UUID.randomUUID().toString();
        assertThat(http.postJson(path + "/lock", "{\"holder\": \"" + holder + "\"}").statusCode()).isEqualTo(200);
        String bigger = Http.json(http.postJson(path + "/configs", Specs.task(0.5, 512, 10, true))).path("version").asString();

        HttpResponse<String> set = http.putJson(path + "/instances/0",
                "{\"configVersion\": \"" + bigger + "\", \"holder\": \"" + holder + "\"}");

        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonNode consumption = quota().path("consumption");
        assertThat(consumption.path("cpus").asDouble()).isEqualTo(0.5 + 2 * 0.25);
        assertThat(consumption.path("ramMb").asLong()).isEqualTo(512 + 2 * 128);
        assertThat(consumption.path("diskMb").asLong()).isEqualTo(10);
    }

    @Test
    void theUpdateCheckReplacesTheJobsCurrentConsumption() {
        setQuota("100", 1024, 0);
        create("web", 4, 128, true);
        create("other", 2, 128, true);
        String body = """
                {"job": {"role": "%s", "environment": "prod", "name": "web"}, "spec": %s}
                """;

        HttpResponse<String> fits = http.postJson("/api/v1/quotas/" + role + "/check",
                body.formatted(role, Specs.json(role, "web", 6, 0.25, 128, 0, true)));
        assertThat(fits.statusCode()).as(fits.body()).isEqualTo(200);
        assertThat(Http.json(fits).path("fits").asBoolean()).isTrue();

        StoredRows before = StoredRows.count(jdbc);
        HttpResponse<String> over = http.postJson("/api/v1/quotas/" + role + "/check",
                body.formatted(role, Specs.json(role, "web", 4, 0.25, 256, 0, true)));
        assertThat(over.statusCode()).isEqualTo(409);
        JsonNode problem = Http.json(over);
        assertThat(problem.path("type").asString()).isEqualTo(QUOTA_EXCEEDED);
        assertThat(problem.path("errors").get(0).path("message").asString())
                .isEqualTo("needs 1024, quota 1024, in use 256 — over by 256");
        assertThat(StoredRows.count(jdbc)).as("a check reserves nothing").isEqualTo(before);

        HttpResponse<String> newJob = http.postJson("/api/v1/quotas/" + role + "/check",
                body.formatted(role, Specs.json(role, "new", 6, 0.25, 128, 0, true)).replace("\"name\": \"web\"", "\"name\": \"new\""));
        assertThat(newJob.statusCode()).as("a job that does not exist yet replaces nothing").isEqualTo(409);
    }

    @Test
    void theUpdateCheckNamesBadInput() {
        String other = Specs.uniqueRole();
        HttpResponse<String> refused = http.postJson("/api/v1/quotas/" + role + "/check", """
                {"job": {"role": "%s", "environment": "prod", "name": "web"}, "spec": %s, "extra": 1}
                """.formatted(other, Specs.json(role, "elsewhere", 0, 0.25, 128, 0, true)));

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = Http.json(refused);
        assertThat(problem.path("type").asString()).isEqualTo("https://borealis.dev/problems/invalid-request");
        assertThat(problem.path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("extra", "job.role", "spec.instances", "spec.key");
    }

    @Test
    void removingTheQuotaMakesTheRoleUnlimitedAgain() {
        setQuota("0", 0, 0);
        assertThat(create("web", 1, 128, true).statusCode()).as("a zero quota admits no production job").isEqualTo(409);
        assertThat(create("dev", 1, 128, false).statusCode()).isEqualTo(201);

        assertThat(http.delete("/api/v1/quotas/" + role).statusCode()).isEqualTo(204);
        assertThat(http.delete("/api/v1/quotas/" + role).statusCode()).as("idempotent").isEqualTo(204);

        assertThat(quota().path("quota").isNull()).isTrue();
        assertThat(create("web", 1, 128, true).statusCode()).isEqualTo(201);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            negative ram        | {"cpus": 1, "ramMb": -1, "diskMb": 0}             | ramMb   | must be ≥ 0
            negative cpus       | {"cpus": -0.5, "ramMb": 1, "diskMb": 0}           | cpus    | must be ≥ 0
            missing disk        | {"cpus": 1, "ramMb": 1}                           | diskMb  | required
            unknown field       | {"cpus": 1, "ramMb": 1, "diskMb": 0, "gpus": 2}   | gpus    | unknown property
            wrong type          | {"cpus": "lots", "ramMb": 1, "diskMb": 0}         | cpus    | invalid value
            malformed           | {"cpus": 1,,}                                     | ''      | line 1
            """)
    void badQuotasAreRefusedNamingTheFieldAndNothingIsStored(String what, String body, String field, String message) {
        HttpResponse<String> refused = http.putJson("/api/v1/quotas/" + role, body);

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = Http.json(refused);
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(field);
        assertThat(problem.path("errors").get(0).path("message").asString()).contains(message);
        assertThat(quota().path("quota").isNull()).isTrue();
    }

    @Test
    void aBadRoleIsNamed() {
        HttpResponse<String> refused = http.get("/api/v1/quotas/no%20spaces");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Http.json(refused).path("errors").get(0).path("field").asString()).isEqualTo("role");
    }
}
