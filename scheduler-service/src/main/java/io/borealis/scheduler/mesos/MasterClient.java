package io.borealis.scheduler.mesos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs protobuf calls to {@code /api/v1/scheduler} of the leading master: follows 307 to the
 * leader (absolute or scheme-relative Location), retries 503 (master recovering) briefly, and
 * rotates through the configured masters when one cannot be reached.
 */
class MasterClient {

    static final String STREAM_ID = "Mesos-Stream-Id";
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String PATH = "/api/v1/scheduler";
    private static final int MAX_REDIRECTS = 5;
    private static final Logger log = LoggerFactory.getLogger(MasterClient.class);

    private final HttpClient http;
    private final List<URI> masters;
    private final Duration requestTimeout;
    private volatile URI endpoint;
    private int next;

    MasterClient(MesosProperties properties) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.masters = List.copyOf(properties.masters());
        this.requestTimeout = properties.requestTimeout();
        rotate();
    }

    /** Moves on to the next configured master (after a failure to reach the current one). */
    synchronized void rotate() {
        URI base = masters.get(next++ % masters.size());
        endpoint = base.resolve(PATH);
    }

    URI endpoint() {
        return endpoint;
    }

    /** Opens the subscription: returns the 200 response whose body is the RecordIO event stream. */
    HttpResponse<InputStream> subscribe(byte[] call) throws IOException, InterruptedException {
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest request = request(call, null).header("Accept", PROTOBUF).build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 307) {
                response.body().close();
                follow(response);
                continue;
            }
            if (response.statusCode() != 200) {
                String body;
                try (InputStream in = response.body()) {
                    body = new String(in.readNBytes(2048));
                }
                throw new MesosCallException("SUBSCRIBE", response.statusCode(), body);
            }
            return response;
        }
        throw new IOException("too many redirects subscribing to " + endpoint);
    }

    /** Sends one call on its own request; returns once the master accepted it (202/200). */
    void post(String type, byte[] call, String streamId) throws IOException, InterruptedException {
        int unavailable = 0;
        for (int hop = 0; hop <= MAX_REDIRECTS; ) {
            HttpRequest request = request(call, streamId).timeout(requestTimeout).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 202 || status == 200) {
                return;
            }
            if (status == 307) {
                follow(response);
                hop++;
            } else if (status == 503 && unavailable++ < 3) {
                Thread.sleep(200L * unavailable);
            } else {
                throw new MesosCallException(type, status, response.body());
            }
        }
        throw new IOException("too many redirects sending " + type);
    }

    private HttpRequest.Builder request(byte[] call, String streamId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofByteArray(call));
        if (streamId != null) {
            request.header(STREAM_ID, streamId);
        }
        return request;
    }

    private void follow(HttpResponse<?> response) throws IOException {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new IOException("307 without Location from " + endpoint));
        URI target = endpoint.resolve(location);
        endpoint = target.getPath() == null || target.getPath().isEmpty() || "/".equals(target.getPath())
                ? target.resolve(PATH) : target;
        log.info("Mesos master redirected us to the leader at {}", endpoint);
    }
}
