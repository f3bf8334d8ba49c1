package io.borealis.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The admin server on a real port (its REST endpoints are reactive, so MockMvc would see empty
 * bodies: stack.md G10). A service registers the way the SBA client does, with its own real
 * health URL (here: the admin's own actuator), and is polled to UP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.boot.admin.monitor.status-interval=500ms")
class AdminServerIT {

    @LocalServerPort
    int port;
    RestClient http;

    @BeforeEach
    void setUp() {
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void instancesAnswersWithAList() {
        JsonNode instances = http.get().uri("/instances").accept(MediaType.APPLICATION_JSON)
                .retrieve().body(JsonNode.class);

        assertThat(instances).isNotNull();
        assertThat(instances.isArray()).isTrue();
    }

    @Test
    void aRegisteredServiceIsPolledUntilItShowsUp() {
        String self = "http://127.0.0.1:" + port;
        JsonNode registered = http.post().uri("/instances").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of(
                        "name", "fake-service",
                        "managementUrl", self + "/actuator",
                        "healthUrl", self + "/actuator/health",
                        "serviceUrl", self + "/"))
                .retrieve().body(JsonNode.class);
        String id = registered.get("id").asString();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode instance = http.get().uri("/instances/{id}", id).accept(MediaType.APPLICATION_JSON)
                    .retrieve().body(JsonNode.class);
            assertThat(instance.get("statusInfo").get("status").asString()).isEqualTo("UP");
        });
    }

    @Test
    void healthIsUp() {
        JsonNode health = http.get().uri("/actuator/health").retrieve().body(JsonNode.class);

        assertThat(health.get("status").asString()).isEqualTo("UP");
    }
}
