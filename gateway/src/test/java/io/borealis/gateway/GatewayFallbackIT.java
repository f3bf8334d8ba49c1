package io.borealis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Every service is down: the gateway answers for them with a 503 problem naming the service. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.boot.admin.client.enabled=false",
        "borealis.breaker.minimum-calls=4",
        "borealis.breaker.sliding-window=4"})
class GatewayFallbackIT {

    @LocalServerPort
    int port;
    Client client;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) throws Exception {
        String dead = "http://127.0.0.1:" + FakeService.deadPort();
        registry.add("borealis.routes.job-uri", () -> dead);
        registry.add("borealis.routes.scheduler-uri", () -> dead);
        registry.add("borealis.routes.update-uri", () -> dead);
    }

    @BeforeEach
    void setUp() {
        client = new Client(port);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET,  /api/v1/jobs/web/prod/hello,         job-service",
            "POST, /api/v1/jobs,                        job-service",
            "GET,  /api/v1/jobs/web/prod/hello/tasks,   scheduler-service",
            "POST, /api/v1/cluster/maintenance,         scheduler-service",
            "POST, /api/v1/jobs/web/prod/hello/updates, update-service",
            "GET,  /api/v1/jobs/events,                 job-service",
            "GET,  /api/v1/tasks/events,                scheduler-service",
            "GET,  /api/v1/updates/events,              update-service"})
    void aServiceThatIsDownIsNamedInA503Problem(String method, String path, String service) {
        HttpResponse<String> response = client.send(client.request(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Client.contentType(response)).startsWith("application/problem+json");
        JsonNode problem = Client.json(response);
        assertThat(problem.get("type").asString()).isEqualTo("https://borealis.dev/problems/service-unavailable");
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asString()).startsWith(service + " ");
        assertThat(problem.get("service").asString()).isEqualTo(service);
        assertThat(problem.get("instance").asString()).isEqualTo(path);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void afterRepeatedFailuresTheBreakerOpensAndStillAnswersWithAProblem() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> response = client.send("GET", "/api/v1/updates");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(Client.json(response).get("reason").asString()).isEqualTo("CIRCUIT_OPEN");
        });
        JsonNode breakers = Client.json(client.send("GET", "/actuator/health")).get("components").get("breakers");
        assertThat(breakers.get("status").asString()).isEqualTo("UP");
        assertThat(breakers.get("details").get("update-service").asString()).isEqualTo("OPEN");
    }

    @Test
    void theGatewayItselfStaysHealthy() {
        HttpResponse<String> response = client.send("GET", "/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Client.json(response).get("status").asString()).isEqualTo("UP");
    }
}
