package io.borealis.scheduler;

import com.sun.net.httpserver.HttpServer;
import io.borealis.api.job.DesiredState;
import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import io.borealis.api.job.JobView;
import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.json.JsonMapper;

/** Stands in for the gateway in front of job-service: serves a DesiredState the test sets. */
final class FakeGateway implements AutoCloseable {

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicReference<DesiredState> state = new AtomicReference<>(new DesiredState(0, List.of()));
    private final AtomicLong version = new AtomicLong();

    FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/desired-state", exchange -> {
            byte[] body = json.writeValueAsBytes(state.get());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void jobs(JobView... jobs) {
        state.set(new DesiredState(version.incrementAndGet(), List.of(jobs)));
    }

    static JobView service(JobKey key, int instances, String command) {
        return service(key, instances, command, 0.1);
    }

    static JobView service(JobKey key, int instances, String command, double cpus) {
        TaskConfig config = new TaskConfig(command, Map.of("GREETING", "hi"), new Resources(cpus, 32, 16, List.of("http")),
                null, List.of(), null, 0, false, null, 1);
        Map<Integer, String> map = new HashMap<>();
        for (int i = 0; i < instances; i++) {
            map.put(i, "v1");
        }
        return new JobView(key, JobKind.SERVICE, instances, null, Map.of("v1", config), map, Instant.EPOCH, Instant.EPOCH);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
