package io.borealis.api.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SSE follower against a real HTTP server: parsing as EventSource does, and resuming with Last-Event-ID. */
class EventStreamClientTest {

    private static final long BOUND_SECONDS = 10;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpServer server;
    private final BlockingQueue<Optional<String>> lastEventIds = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    /** What the n-th connection (0-based) is sent before the server ends the response. */
    private volatile List<String> bodies = List.of();
    private volatile int status = 200;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/events", exchange -> {
            lastEventIds.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
            int n = connections.getAndIncrement();
            String body = n < bodies.size() ? bodies.get(n) : "";
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private URI uri() {
        return uri("/events");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void parsesFramesAsEventSourceDoesAndResumesWithTheLastDispatchedId() throws Exception {
        bodies = List.of(
                ": subscribed after 0\n\n"
                        + "id: 1\nevent: JOB_CREATED\ndata: {\"x\":1}\n\n"
                        + "id:2\r\ndata: first line\r\ndata:second line\r\n\r\n"
                        + "data: no id of its own\n\n"
                        + "id: 3\ndata: cut off before its blank line",
                "id: 3\nevent: FAILED\ndata: again\n\n");
        BlockingQueue<EventStreamClient.Event> events = new LinkedBlockingQueue<>();
        try (EventStreamClient client = new EventStreamClient("test-events", uri(), null, Duration.ofMillis(20),
                events::add)) {
            client.start();

            assertThat(events.poll(BOUND_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo(new EventStreamClient.Event("1", "JOB_CREATED", "{\"x\":1}"));
            assertThat(events.poll(BOUND_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo(new EventStreamClient.Event("2", "message", "first line\nsecond line"));
            assertThat(events.poll(BOUND_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo(new EventStreamClient.Event("2", "message", "no id of its own"));
            // the stream ended inside event 3: it was never dispatched, so the client resumes after 2
            assertThat(events.poll(BOUND_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo(new EventStreamClient.Event("3", "FAILED", "again"));
            assertThat(lastEventIds.poll(BOUND_SECONDS, TimeUnit.SECONDS)).isEmpty();
            assertThat(lastEventIds.poll(BOUND_SECONDS, TimeUnit.SECONDS)).contains("2");
            assertThat(lastEventIds.poll(BOUND_SECONDS, TimeUnit.SECONDS)).contains("3");
            assertThat(client.lastEventId()).isEqualTo("3");
        }
    }

    @Test
    void reportsAnUnavailableStreamAndKeepsTrying() throws Exception {
        status = 404;
        BlockingQueue<Exception> failures = new LinkedBlockingQueue<>();
        EventStreamClient.Listener listener = new EventStreamClient.Listener() {
            @Override
            public void event(EventStreamClient.Event event) {
            }

            @Override
            public void unavailable(Exception cause) {
                failures.add(cause);
            }
        };
        try (EventStreamClient client = new EventStreamClient("test-events", uri(), "41", Duration.ofMillis(20),
                listener)) {
            client.start();

            assertThat(failures.poll(BOUND_SECONDS, TimeUnit.SECONDS)).hasMessageContaining("HTTP 404");
            assertThat(failures.poll(BOUND_SECONDS, TimeUnit.SECONDS)).as("tried again").isNotNull();
            assertThat(lastEventIds.poll(BOUND_SECONDS, TimeUnit.SECONDS)).contains("41");
        }
    }

    @Test
    void closingEndsTheFollowerThreadEvenWhileItWaitsOnAnOpenStream() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.createContext("/open", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(": open\n\n".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                release.await(BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        BlockingQueue<Boolean> connected = new LinkedBlockingQueue<>();
        EventStreamClient client = new EventStreamClient("test-events-open", uri("/open"),
                null, Duration.ofMillis(20), new EventStreamClient.Listener() {
                    @Override
                    public void connected() {
                        connected.add(true);
                    }

                    @Override
                    public void event(EventStreamClient.Event event) {
                    }
                });
        client.start();
        assertThat(connected.poll(BOUND_SECONDS, TimeUnit.SECONDS)).isNotNull();
        Thread follower = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("test-events-open")).findFirst().orElseThrow();

        client.close();

        follower.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertThat(follower.isAlive()).as("the follower thread ended while the server still held the stream open").isFalse();
        assertThat(client.isRunning()).isFalse();
        release.countDown();
    }

}
