package io.borealis.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Leader redirects (absolute and scheme-relative), 503 retries and refusals, against tiny HTTP servers. */
class MasterClientTest {

    private final List<HttpServer> servers = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void followsSchemeRelativeRedirectToTheLeaderAndRetries503() throws Exception {
        AtomicInteger leaderCalls = new AtomicInteger();
        HttpServer leader = server(exchange -> {
            exchange.getRequestBody().readAllBytes();
            assertThat(exchange.getRequestHeaders().getFirst("Mesos-Stream-Id")).isEqualTo("s1");
            exchange.sendResponseHeaders(leaderCalls.incrementAndGet() == 1 ? 503 : 202, -1);
            exchange.close();
        });
        HttpServer follower = server(exchange -> {
            exchange.getResponseHeaders().add("Location", "//127.0.0.1:" + leader.getAddress().getPort() + "/api/v1/scheduler");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        MasterClient client = new MasterClient(properties(follower));

        client.post("DECLINE", new byte[] {1}, "s1");

        assertThat(leaderCalls).hasValue(2);
        assertThat(client.endpoint().getPort()).isEqualTo(leader.getAddress().getPort());
    }

    @Test
    void followsAbsoluteRedirect() throws Exception {
        HttpServer leader = server(exchange -> {
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        HttpServer follower = server(exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + leader.getAddress().getPort());
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        MasterClient client = new MasterClient(properties(follower));
        client.post("KILL", new byte[] {1}, "s1");
        assertThat(client.endpoint().getPath()).isEqualTo("/api/v1/scheduler");
    }

    @Test
    void refusalCarriesStatusAndMessage() throws Exception {
        HttpServer master = server(exchange -> {
            byte[] body = "Framework is not subscribed".getBytes();
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        MasterClient client = new MasterClient(properties(master));
        assertThatThrownBy(() -> client.post("ACCEPT", new byte[] {1}, "s1"))
                .isInstanceOfSatisfying(MesosCallException.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessageContaining("not subscribed");
    }

    private HttpServer server(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/scheduler", handler);
        server.start();
        servers.add(server);
        return server;
    }

    private static MesosProperties properties(HttpServer server) {
        return new MesosProperties(List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), List.of("*"),
                "", Duration.ofDays(7), Duration.ofMillis(500), Duration.ofSeconds(15), 5, Duration.ofSeconds(5), 16);
    }
}
