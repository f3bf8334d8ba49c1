package io.borealis.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server standing in for one Borealis service behind the gateway. It records every
 * request and answers {@code {"service": name}} unless a test scripted another answer for a
 * method and path.
 */
final class FakeService implements AutoCloseable {

    /** One request as the service received it. */
    record Received(String method, String path, String query, Headers headers, byte[] body) {

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** How the service answers a request. */
    @FunctionalInterface
    interface Answer {
        void write(HttpExchange exchange) throws IOException;
    }

    final String name;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private FakeService(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeService start(String name) throws IOException {
        return new FakeService(name);
    }

    /** A port nothing listens on (bound once, then released). */
    static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method path} with {@code answer} after reading the request body. */
    void on(String method, String path, Answer answer) {
        answers.put(method + " " + path, answer);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> received(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    void reset() {
        received.clear();
        answers.clear();
    }

    /** Answers with a fixed status, content type and body. */
    static Answer status(int status, String contentType, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** The n-th request gets the n-th answer; the last answer repeats. */
    static Answer inTurn(Answer... turns) {
        AtomicInteger next = new AtomicInteger();
        return exchange -> turns[Math.min(next.getAndIncrement(), turns.length - 1)].write(exchange);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String key = method + " " + path;
            Headers headers = new Headers();
            headers.putAll(exchange.getRequestHeaders());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            received.add(new Received(method, path, exchange.getRequestURI().getRawQuery(), headers, body));
            answers.getOrDefault(key, status(200, "application/json", "{\"service\":\"" + name + "\"}"))
                    .write(exchange);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
