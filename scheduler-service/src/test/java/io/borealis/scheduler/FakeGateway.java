package io.borealis.scheduler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.borealis.api.event.ChangeEvent;
import io.borealis.api.job.DesiredState;
import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import io.borealis.api.job.JobView;
import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for the gateway in front of job-service: serves the desired state the test sets, in full
 * and job by job, counts the reads, and (once asked to) serves a job event stream the test feeds.
 */
final class FakeGateway implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicReference<DesiredState> state = new AtomicReference<>(new DesiredState(0, List.of()));
    private final AtomicLong version = new AtomicLong();
    private final AtomicInteger fullReads = new AtomicInteger();
    private final Map<JobKey, AtomicInteger> jobReads = new ConcurrentHashMap<>();
    private final List<BlockingQueue<String>> streams = new CopyOnWriteArrayList<>();
    private volatile boolean eventsServed;

    FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers); // an open event stream must not block the other calls
        server.createContext("/api/v1/desired-state", exchange -> {
            fullReads.incrementAndGet();
            respond(exchange, 200, json.writeValueAsBytes(state.get()));
        });
        server.createContext("/api/v1/jobs/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring("/api/v1/jobs/".length());
            if (path.equals("events")) {
                events(exchange);
                return;
            }
            JobKey key = JobKey.parse(path);
            jobReads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            Optional<JobView> job = state.get().jobs().stream().filter(j -> j.key().equals(key)).findFirst();
            if (job.isPresent()) {
                respond(exchange, 200, json.writeValueAsBytes(job.get()));
            } else {
                respond(exchange, 404, "{\"title\":\"no job\"}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The desired jobs from now on (no event is sent: the scheduler's polling finds them). */
    void jobs(JobView... jobs) {
        state.set(new DesiredState(version.incrementAndGet(), List.of(jobs)));
    }

    /** Serve {@code /api/v1/jobs/events} from now on (until then it answers 404, like a gateway without it). */
    void serveEvents() {
        eventsServed = true;
    }

    /** Sends a job event naming {@code key} to every open event stream. */
    void event(String type, JobKey key) {
        long id = version.incrementAndGet();
        String data = json.writeValueAsString(new ChangeEvent(id, type, key.path(), Instant.now(), "{}"));
        streams.forEach(stream -> stream.add("id: " + id + "\nevent: " + type + "\ndata: " + data + "\n\n"));
    }

    int openStreams() {
        return streams.size();
    }

    int fullReads() {
        return fullReads.get();
    }

    int jobReads(JobKey key) {
        AtomicInteger reads = jobReads.get(key);
        return reads == null ? 0 : reads.get();
    }

    private void events(HttpExchange exchange) throws IOException {
        if (!eventsServed) {
            respond(exchange, 404, new byte[0]);
            return;
        }
        BlockingQueue<String> stream = new LinkedBlockingQueue<>();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        streams.add(stream);
        try {
            body.write(": subscribed\n\n".getBytes(StandardCharsets.UTF_8));
            body.flush();
            while (!handlers.isShutdown()) {
                String event = stream.poll(200, TimeUnit.MILLISECONDS);
                if (event != null) {
                    body.write(event.getBytes(StandardCharsets.UTF_8));
                    body.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the scheduler went away
        } finally {
            streams.remove(stream);
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
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
        handlers.shutdownNow();
        server.stop(0);
    }
}
