package io.borealis.api.event;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Follows one resumable Server-Sent-Events stream of a Borealis service (design §2) on a daemon
 * thread of its own. Events reach the listener in order; when the stream ends or breaks, the client
 * connects again after {@code retry}, sending {@code Last-Event-ID}, so nothing the server still
 * keeps is missed. Frames are parsed as the WHATWG EventSource does (comments, multi-line data,
 * the id taking effect when its event is dispatched).
 *
 * <p>Plain JDK, no framework: every service that follows a stream (the scheduler job events,
 * update-service task events) does so with this one class rather than its own parser.
 */
public final class EventStreamClient implements AutoCloseable {

    /** One dispatched event: the id in effect (null if the server never sent one), its name ("message" if unnamed) and data. */
    public record Event(String id, String name, String data) {
    }

    /** What the client reports, always on its own thread. */
    public interface Listener {

        /** The server answered 200: the stream is open (again, after a reconnect). */
        default void connected() {
        }

        void event(Event event);

        /** The stream could not be opened, or broke; the client tries again after its retry delay. */
        default void unavailable(Exception cause) {
        }
    }

    private final String name;
    private final URI uri;
    private final Duration retry;
    private final Listener listener;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    private volatile String lastEventId;
    private volatile Thread thread;
    private volatile InputStream body;

    /**
     * @param name        the thread's name
     * @param uri         the stream, e.g. {@code http://gateway/api/v1/tasks/events}
     * @param lastEventId where to resume from (null: only events from now on)
     * @param retry       the pause before connecting again
     */
    public EventStreamClient(String name, URI uri, String lastEventId, Duration retry, Listener listener) {
        this.name = Objects.requireNonNull(name);
        this.uri = Objects.requireNonNull(uri);
        this.lastEventId = lastEventId;
        this.retry = Objects.requireNonNull(retry);
        this.listener = Objects.requireNonNull(listener);
    }

    public synchronized void start() {
        if (thread == null) {
            Thread reader = new Thread(this::followForever, name);
            reader.setDaemon(true);
            thread = reader;
            reader.start();
        }
    }

    /** Stops following: the thread ends and the open response (if any) is closed. */
    @Override
    public synchronized void close() {
        Thread reader = thread;
        thread = null;
        if (reader != null) {
            reader.interrupt();
        }
        closeBody();
    }

    public boolean isRunning() {
        return thread != null;
    }

    /** The id of the last event dispatched, sent as Last-Event-ID on the next connect; null if none yet. */
    public String lastEventId() {
        return lastEventId;
    }

    private void followForever() {
        while (following()) {
            try {
                follow();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (following()) {
                    listener.unavailable(e);
                }
            } finally {
                closeBody();
            }
            try {
                Thread.sleep(retry.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean following() {
        return thread == Thread.currentThread() && !Thread.currentThread().isInterrupted();
    }

    private void follow() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        String resumeAfter = lastEventId;
        if (resumeAfter != null) {
            request.header("Last-Event-ID", resumeAfter);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        body = response.body();
        if (!following()) {
            return;
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + uri);
        }
        listener.connected();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            read(lines);
        }
    }

    /** The EventSource parsing rules: a blank line dispatches what the lines before it gathered. */
    private void read(BufferedReader lines) throws IOException {
        String idBuffer = lastEventId;
        String eventName = null;
        StringBuilder data = new StringBuilder();
        String line;
        while (following() && (line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                lastEventId = idBuffer;
                if (data.length() > 0) {
                    data.setLength(data.length() - 1); // the last line's newline
                    listener.event(new Event(idBuffer, eventName == null ? "message" : eventName, data.toString()));
                }
                eventName = null;
                data.setLength(0);
                continue;
            }
            if (line.startsWith(":")) {
                continue; // a comment: heartbeats and the like
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> eventName = value;
                case "data" -> data.append(value).append('\n');
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        idBuffer = value;
                    }
                }
                default -> {
                    // "retry" and unknown fields: ignored (the retry delay is ours to choose)
                }
            }
        }
    }

    private void closeBody() {
        InputStream open = body;
        body = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // closing only to unblock a read
            }
        }
    }
}
