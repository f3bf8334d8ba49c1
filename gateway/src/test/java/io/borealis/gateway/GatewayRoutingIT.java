package io.borealis.gateway;

import static io.borealis.gateway.FakeService.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * The gateway on a real Netty port in front of three real HTTP servers standing in for
 * job-service, scheduler-service and update-service. Timeouts are shortened so that "a stream is
 * not cut" and "a slow call is cut" can both be seen within seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.boot.admin.client.enabled=false",
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s",
        "borealis.breaker.call-timeout=2s",
        "borealis.http.max-body-size=16MB"})
class GatewayRoutingIT extends ThreeFakeServicesTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "POST,   /api/v1/jobs,                               job",
            "GET,    /api/v1/jobs,                               job",
            "GET,    /api/v1/jobs/web/prod/hello,                job",
            "DELETE, /api/v1/jobs/web/prod/hello,                job",
            "POST,   /api/v1/jobs/web/prod/hello/instances,      job",
            "POST,   /api/v1/jobs/web/prod/hello/kill,           job",
            "POST,   /api/v1/jobs/web/prod/hello/diff,           job",
            "POST,   /api/v1/jobs/web/prod/hello/configs,        job",
            "POST,   /api/v1/jobs/web/prod/hello/lock,           job",
            "DELETE, /api/v1/jobs/web/prod/hello/lock,           job",
            "PUT,    /api/v1/jobs/web/prod/hello/instances/4,    job",
            "DELETE, /api/v1/jobs/web/prod/hello/instances/4,    job",
            "POST,   /api/v1/quotas/web/check,                   job",
            "GET,    /api/v1/jobs/events,                        job",
            "GET,    /api/v1/desired-state,                      job",
            "PUT,    /api/v1/quotas/web,                         job",
            "GET,    /api/v1/jobs/web/prod/hello/tasks,          scheduler",
            "GET,    /api/v1/tasks/web-prod-hello-0-1f2e,        scheduler",
            "GET,    /api/v1/tasks/counts,                       scheduler",
            "GET,    /api/v1/tasks/events,                       scheduler",
            "GET,    /api/v1/cluster/agents,                     scheduler",
            "POST,   /api/v1/cluster/maintenance,                scheduler",
            "POST,   /api/v1/jobs/web/prod/hello/updates,        update",
            "POST,   /api/v1/jobs/web/prod/hello/restart,        update",
            "GET,    /api/v1/updates,                            update",
            "GET,    /api/v1/updates/7c0e8f6a-3f5e-4c1b-9d55-0c6b8b5f2a10, update",
            "POST,   /api/v1/updates/7c0e8f6a-3f5e-4c1b-9d55-0c6b8b5f2a10/pause, update",
            "GET,    /api/v1/updates/events,                     update"})
    void eachPathReachesTheServiceThatOwnsIt(String method, String path, String owner) {
        HttpResponse<String> response = client.send(method, path + "?role=web");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Client.json(response).get("service").asString()).isEqualTo(owner);
        FakeService service = switch (owner) {
            case "job" -> job;
            case "scheduler" -> scheduler;
            default -> update;
        };
        assertThat(service.received(method, path)).singleElement()
                .satisfies(r -> assertThat(r.query()).isEqualTo("role=web"));
    }

    @ParameterizedTest
    @CsvSource({"GET, /api/v1/nothing", "GET, /api/v1/jobs/web/prod", "POST, /api/v1/jobs/web/prod/hello/explode",
            "GET, /api/v2/jobs", "GET, /api/v1/jobsevents", "GET, /fallback/job-service"})
    void aPathNoServiceOwnsIsANotFoundProblem(String method, String path) {
        HttpResponse<String> response = client.send(method, path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Client.contentType(response)).startsWith(PROBLEM_JSON);
        JsonNode problem = Client.json(response);
        assertThat(problem.get("type").asString()).isEqualTo("https://borealis.dev/problems/not-found");
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("detail").asString()).contains(path);
        assertThat(job.received()).isEmpty();
        assertThat(scheduler.received()).isEmpty();
        assertThat(update.received()).isEmpty();
    }

    @Test
    void methodPathBodyAndHeadersPassThroughAndTheAnswerComesBackAsItWas() {
        job.on("POST", "/api/v1/jobs", exchange -> {
            exchange.getResponseHeaders().set("Location", "/api/v1/jobs/web/devel/hello");
            status(201, "application/json;charset=UTF-8", "{\"key\":\"web/devel/hello\"}").write(exchange);
        });
        String spec = "{\"key\":{\"role\":\"web\",\"environment\":\"devel\",\"name\":\"hello\"},\"instances\":3}";

        HttpResponse<String> response = client.send(client.request("/api/v1/jobs")
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "req-42")
                .POST(HttpRequest.BodyPublishers.ofString(spec)));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/jobs/web/devel/hello");
        assertThat(Client.contentType(response)).isEqualTo("application/json;charset=UTF-8");
        assertThat(response.body()).isEqualTo("{\"key\":\"web/devel/hello\"}");
        FakeService.Received received = job.received("POST", "/api/v1/jobs").get(0);
        assertThat(new String(received.body(), StandardCharsets.UTF_8)).isEqualTo(spec);
        assertThat(received.header("Content-Type")).isEqualTo("application/json");
        assertThat(received.header("X-Request-Id")).isEqualTo("req-42");
        // the service sees the Host the client used, so links it builds point at the gateway
        assertThat(received.header("Host")).isEqualTo("127.0.0.1:" + port);
    }

    @Test
    void aProblemAnsweredByTheServicePassesThroughUnchanged() {
        String conflict = "{\"type\":\"https://borealis.dev/problems/job-exists\",\"title\":\"Job exists\","
                + "\"status\":409,\"detail\":\"web/devel/hello exists\"}";
        job.on("POST", "/api/v1/jobs", status(409, PROBLEM_JSON, conflict));
        String failure = "{\"type\":\"about:blank\",\"status\":500,\"detail\":\"boom\"}";
        scheduler.on("GET", "/api/v1/cluster/agents", status(500, PROBLEM_JSON, failure));

        HttpResponse<String> posted = client.send(client.request("/api/v1/jobs")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> listed = client.send("GET", "/api/v1/cluster/agents");

        assertThat(posted.statusCode()).isEqualTo(409);
        assertThat(Client.contentType(posted)).isEqualTo(PROBLEM_JSON);
        assertThat(posted.body()).isEqualTo(conflict);
        assertThat(listed.statusCode()).isEqualTo(500);
        assertThat(listed.body()).isEqualTo(failure);
        // a service's own 500 is an answer, not a reason to ask again
        assertThat(scheduler.received("GET", "/api/v1/cluster/agents")).hasSize(1);
    }

    @Test
    void aGetIsRetriedWhileTheServiceIsBrieflyUnavailable() {
        String unavailable = "{\"status\":503}";
        scheduler.on("GET", "/api/v1/tasks/counts", FakeService.inTurn(
                status(503, PROBLEM_JSON, unavailable), status(503, PROBLEM_JSON, unavailable),
                status(200, "application/json", "{\"RUNNING\":3}")));

        HttpResponse<String> response = client.send("GET", "/api/v1/tasks/counts");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"RUNNING\":3}");
        assertThat(scheduler.received("GET", "/api/v1/tasks/counts")).hasSize(3);
    }

    @Test
    void aPostIsNeverRetried() {
        String unavailable = "{\"status\":503,\"detail\":\"busy\"}";
        job.on("POST", "/api/v1/jobs/web/prod/hello/kill", status(503, PROBLEM_JSON, unavailable));

        HttpResponse<String> response = client.send(client.request("/api/v1/jobs/web/prod/hello/kill")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"instances\":[0]}")));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo(unavailable);
        assertThat(job.received("POST", "/api/v1/jobs/web/prod/hello/kill")).hasSize(1);
    }

    @Test
    void aBodyUpToTheLimitStreamsThroughWhole() {
        byte[] body = new byte[16 * 1024 * 1024];
        Arrays.fill(body, (byte) 'x');

        HttpResponse<String> response = client.send(client.request("/api/v1/jobs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(job.received("POST", "/api/v1/jobs").get(0).body()).hasSize(body.length);
    }

    @Test
    void aBodyOverTheLimitIsRefusedAtTheDoorEveryTime() {
        byte[] body = new byte[16 * 1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');

        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<String> response = client.send(client.request("/api/v1/jobs")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(Client.contentType(response)).startsWith(PROBLEM_JSON);
            JsonNode problem = Client.json(response);
            assertThat(problem.get("type").asString()).isEqualTo("https://borealis.dev/problems/body-too-large");
            assertThat(problem.get("limitBytes").asLong()).isEqualTo(16 * 1024 * 1024);
        }
        assertThat(job.received()).isEmpty();
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeGivesAProblem() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        scheduler.on("GET", "/api/v1/cluster/agents", exchange -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status(200, "application/json", "[]").write(exchange);
        });
        try {
            HttpResponse<String> response = client.send("GET", "/api/v1/cluster/agents");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(Client.contentType(response)).startsWith(PROBLEM_JSON);
            JsonNode problem = Client.json(response);
            assertThat(problem.get("type").asString()).isEqualTo("https://borealis.dev/problems/service-unavailable");
            assertThat(problem.get("service").asString()).isEqualTo("scheduler-service");
            assertThat(problem.get("reason").asString()).isEqualTo("TIMEOUT");
            assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/cluster/agents");
        } finally {
            release.countDown();
        }
    }

    @Test
    void anEventStreamOutlivesEveryTimeoutAndFlowsEventByEvent() throws Exception {
        CountDownLatch secondEvent = new CountDownLatch(1);
        job.on("GET", "/api/v1/jobs/events", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("id: 1\ndata: one\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                secondEvent.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write("id: 2\ndata: two\n\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<InputStream>> stream = client.http.sendAsync(
                client.request("/api/v1/jobs/events").timeout(Duration.ofSeconds(60))
                        .header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        CompletableFuture<Void> reading = stream.thenAcceptAsync(response -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines::add);
            } catch (Exception e) {
                lines.add("ERROR " + e);
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("data: one"));
            assertThat(stream.get().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));

            // idle for longer than both the response timeout (1 s) and the breaker's call timeout (2 s)
            await().during(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(5))
                    .until(() -> !reading.isDone() && lines.size() == 3);

            secondEvent.countDown();
            await().atMost(Duration.ofSeconds(10)).until(reading::isDone);
            assertThat(lines).containsExactly("id: 1", "data: one", "", "id: 2", "data: two", "");
        } finally {
            secondEvent.countDown();
            stream.cancel(true);
        }
    }

    @Test
    void healthAndMetricsAreServed() {
        client.send("GET", "/api/v1/jobs"); // breakers are created on first use
        HttpResponse<String> health = client.send("GET", "/actuator/health");
        HttpResponse<String> metrics = client.send("GET", "/actuator/prometheus");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Client.json(health).get("status").asString()).isEqualTo("UP");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("resilience4j_circuitbreaker_state");
    }
}
