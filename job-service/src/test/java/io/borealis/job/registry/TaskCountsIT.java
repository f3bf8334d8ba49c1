package io.borealis.job.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.borealis.job.EmbeddedPostgresConfig;
import io.borealis.job.Http;
import io.borealis.job.Specs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Task counts in the job list come from the scheduler through the gateway. A fake gateway (a JDK
 * HTTP server) serves counts, then is stopped: the list must still answer, with empty counts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.boot.admin.client.enabled=false", "borealis.gateway.timeout=500ms"})
@Import(EmbeddedPostgresConfig.class)
class TaskCountsIT {

    private static final AtomicInteger calls = new AtomicInteger();
    private static final String NAME = Specs.uniqueName();
    private static final HttpServer fakeGateway = start();

    @LocalServerPort
    int port;

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/v1/tasks/counts", exchange -> {
                calls.incrementAndGet();
                byte[] body = ("{\"web/prod/" + NAME + "\": {\"RUNNING\": 2, \"PENDING\": 1}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("borealis.gateway.url", () -> "http://127.0.0.1:" + fakeGateway.getAddress().getPort());
    }

    @AfterAll
    static void stopFakeGateway() {
        fakeGateway.stop(0);
    }

    @Test
    void countsComeFromTheSchedulerAndFallBackToEmptyWhenItIsDown() {
        Http http = new Http(port);
        http.postJson("/api/v1/jobs", Specs.json(NAME, 3));

        JsonNode up = Http.json(http.get("/api/v1/jobs"));
        assertThat(up.get(0).path("taskCounts").path("RUNNING").asInt()).isEqualTo(2);
        assertThat(up.get(0).path("taskCounts").path("PENDING").asInt()).isEqualTo(1);
        assertThat(calls.get()).isEqualTo(1);

        fakeGateway.stop(0);

        var down = http.get("/api/v1/jobs");
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(Http.json(down).get(0).path("instanceCount").asInt()).isEqualTo(3);
        assertThat(Http.json(down).get(0).path("taskCounts").isEmpty()).isTrue();
    }
}
