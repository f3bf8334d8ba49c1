package io.borealis.gateway;

import static io.borealis.gateway.FakeService.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two scheduler-service instances (active/standby) behind the gateway, played by real HTTP servers
 * that answer {@code /api/v1/cluster/leader} as scheduler-service does: scheduler calls reach the
 * leader, follow it when it is deposed (its 503 not-leader), and when it dies (connection refused,
 * the GET retried on the new leader).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.boot.admin.client.enabled=false",
        "borealis.routes.leader-ttl=30s"})
class GatewayLeaderRoutingIT {

    private static final String JSON = "application/json";
    private static final String MAINTENANCE = "/api/v1/cluster/maintenance";
    private static final String TASKS = "/api/v1/jobs/web/prod/hello/tasks";

    static FakeService a;
    static FakeService b;
    static FakeService others;

    @LocalServerPort
    int port;
    Client client;

    @BeforeAll
    static void startServices() throws Exception {
        a = FakeService.start("scheduler-a");
        b = FakeService.start("scheduler-b");
        others = FakeService.start("others");
        leads(a, "a", "a");
        leads(b, "a", "b");
    }

    @AfterAll
    static void stopServices() {
        for (FakeService service : Arrays.asList(a, b, others)) {
            if (service != null) {
                service.close();
            }
        }
    }

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("borealis.routes.job-uri", () -> others.uri());
        registry.add("borealis.routes.update-uri", () -> others.uri());
        registry.add("borealis.routes.scheduler-uri", () -> b.uri()); // the placeholder is not what decides
        registry.add("borealis.routes.scheduler-uris", () -> b.uri() + "," + a.uri());
    }

    @BeforeEach
    void setUp() {
        client = new Client(port);
    }

    @Test
    void schedulerCallsFollowTheLeaderThroughADepositionAndADeath() {
        // "a" leads although "b" is listed first (and is the routes' placeholder)
        assertThat(client.send("GET", TASKS).body()).contains("scheduler-a");
        assertThat(post(MAINTENANCE).body()).contains("scheduler-a");
        assertThat(client.send("GET", "/api/v1/jobs/web/prod/hello").body()).contains("others");
        assertThat(b.received()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/api/v1/cluster/leader"));

        // "a" is deposed (its lease taken over by "b") and refuses writes; "b" leads
        leads(a, "b", "a");
        leads(b, "b", "b");
        a.on("POST", MAINTENANCE, status(503, "application/problem+json",
                "{\"type\":\"https://borealis.dev/problems/not-leader\",\"status\":503}"));
        // the first write may meet "a" (the gateway trusted it for leader-ttl): its 503 makes the gateway ask again
        HttpResponse<String> first = post(MAINTENANCE);
        if (first.statusCode() == 503) {
            assertThat(first.body()).contains("not-leader");
        } else {
            assertThat(first.body()).contains("scheduler-b");
        }
        assertThat(post(MAINTENANCE).body()).contains("scheduler-b");
        assertThat(client.send("GET", TASKS).body()).contains("scheduler-b");
        assertThat(a.received("POST", MAINTENANCE)).hasSizeLessThanOrEqualTo(2);

        // "b" dies; "a" takes over: a GET that finds "b" dead is retried on "a" and the client sees no error
        b.close();
        leads(a, "a", "a");
        a.on("POST", MAINTENANCE, status(200, JSON, "{\"service\":\"scheduler-a\"}"));
        HttpResponse<String> read = client.send("GET", TASKS);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("scheduler-a");
        await().atMost(Duration.ofSeconds(5)).until(() -> post(MAINTENANCE).body().contains("scheduler-a"));
    }

    private HttpResponse<String> post(String path) {
        return client.send(client.request(path).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    /** {@code service} answers the leader endpoint as instance {@code self} seeing {@code holder} hold the lease. */
    private static void leads(FakeService service, String holder, String self) {
        String role = holder.equals(self) ? "LEADER" : "STANDBY";
        service.on("GET", "/api/v1/cluster/leader", status(200, JSON,
                "{\"holder\":\"" + holder + "\",\"epoch\":1,\"self\":\"" + self + "\",\"role\":\"" + role + "\"}"));
    }
}
