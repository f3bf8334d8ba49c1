package io.borealis.api.event;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The server side of a resumable event stream (design §2), the counterpart of
 * {@link EventStreamClient}: events are read from a table whose ids become visible in commit order
 * (an outbox), and pushed to every subscriber from its cursor on. One thread does all the sending:
 * every poll interval it reads the newest id and, for each subscriber behind it, sends the events
 * after that subscriber's cursor up to that id, so replay and live delivery are the same loop. Idle
 * subscribers get a heartbeat comment. No web framework here: a service adapts its SSE response to
 * a {@link Sink}.
 *
 * @param <E> the event record
 * @param <F> what a subscriber filters on (null: everything)
 */
public final class EventFeed<E, F> {

    private static final System.Logger log = System.getLogger(EventFeed.class.getName());

    /** Where the events are read. */
    public interface Source<E, F> {

        /** The id of the newest committed event (0 if none). */
        long newestId();

        /** Up to {@code limit} events with {@code after < id <= upTo} matching {@code filter}, by id. */
        List<E> between(long after, long upTo, F filter, int limit);
    }

    /** One subscriber's open response. */
    public interface Sink {

        void event(long id, String name, Object data) throws IOException;

        void comment(String text) throws IOException;

        /** The feed is done with this subscriber: {@code error} is null on an orderly end. */
        void close(Throwable error);

        /** A sink from its parts, e.g. an SSE response's send and complete methods. */
        static Sink of(EventWriter events, CommentWriter comments, Runnable complete, Consumer<Throwable> fail) {
            return new Sink() {
                @Override
                public void event(long id, String name, Object data) throws IOException {
                    events.write(id, name, data);
                }

                @Override
                public void comment(String text) throws IOException {
                    comments.write(text);
                }

                @Override
                public void close(Throwable error) {
                    if (error == null) {
                        complete.run();
                    } else {
                        fail.accept(error);
                    }
                }
            };
        }
    }

    /** Writes one event frame. */
    public interface EventWriter {
        void write(long id, String name, Object data) throws IOException;
    }

    /** Writes one comment frame. */
    public interface CommentWriter {
        void write(String text) throws IOException;
    }

    /**
     * @param pollInterval how often the newest id is read
     * @param heartbeat a subscriber that got nothing this long gets a comment
     * @param batchSize events read per query
     */
    public record Settings(Duration pollInterval, Duration heartbeat, int batchSize) {
    }

    private final String name;
    private final Source<E, F> source;
    private final ToLongFunction<E> idOf;
    private final Function<E, String> nameOf;
    private final Settings settings;
    private final Set<Subscriber<F>> subscribers = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService executor;

    /**
     * @param name the sending thread's name
     * @param idOf an event's id (the SSE id)
     * @param nameOf an event's SSE event name
     */
    public EventFeed(String name, Source<E, F> source, ToLongFunction<E> idOf, Function<E, String> nameOf,
                     Settings settings) {
        this.name = name;
        this.source = source;
        this.idOf = idOf;
        this.nameOf = nameOf;
        this.settings = settings;
    }

    /**
     * Streams the events after {@code after} (null: only those from now on) that match {@code filter}
     * into {@code sink}. Returns what the caller runs when the response ends on its side (client gone,
     * timeout), so the feed stops writing to it.
     */
    public Runnable subscribe(Sink sink, Long after, F filter) {
        Subscriber<F> subscriber = new Subscriber<>(sink, filter, after == null ? source.newestId() : after);
        subscribers.add(subscriber);
        ScheduledExecutorService running = executor;
        if (running == null) {
            subscribers.remove(subscriber);
            sink.close(null);
            return () -> { };
        }
        running.execute(() -> {
            // commits the response headers at once, so a client knows it is subscribed
            if (send(subscriber, () -> sink.comment("subscribed after " + subscriber.cursor))) {
                deliver(subscriber, source.newestId());
            }
        });
        return () -> subscribers.remove(subscriber);
    }

    /**
     * Where a request asks its stream to start: after the {@code Last-Event-ID} header's id (what an
     * EventSource sends when it reconnects) if given, else after {@code after}; null: from now on.
     *
     * @throws IllegalArgumentException naming the header or parameter, when it is not a non-negative id
     */
    public static Long cursor(String lastEventId, Long after) {
        if (lastEventId != null) {
            try {
                long id = Long.parseLong(lastEventId.trim());
                if (id >= 0) {
                    return id;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("Last-Event-ID must be a non-negative event id, not '" + lastEventId + "'");
        }
        if (after != null && after < 0) {
            throw new IllegalArgumentException("after must be a non-negative event id, not " + after);
        }
        return after;
    }

    /** How many subscribers are connected. */
    public int subscribers() {
        return subscribers.size();
    }

    private void poll() {
        try {
            if (subscribers.isEmpty()) {
                return;
            }
            long newest = source.newestId();
            long now = System.nanoTime();
            for (Subscriber<F> subscriber : subscribers) {
                if (subscriber.cursor < newest) {
                    deliver(subscriber, newest);
                }
                if (now - subscriber.lastSentNanos >= settings.heartbeat().toNanos()) {
                    send(subscriber, () -> subscriber.sink.comment("heartbeat"));
                }
            }
        } catch (RuntimeException e) {
            // the database may be briefly unavailable: keep the poller alive and retry next tick
            log.log(System.Logger.Level.WARNING, name + " poll failed: " + e);
        }
    }

    /**
     * Sends the subscriber's events up to {@code newest}. Every id up to it that will ever commit has
     * committed (ids commit in order), so afterwards the cursor moves to {@code newest} even when none
     * of those events matched the subscriber's filter: the next poll does not read them again.
     */
    private void deliver(Subscriber<F> subscriber, long newest) {
        List<E> batch;
        do {
            batch = source.between(subscriber.cursor, newest, subscriber.filter, settings.batchSize());
            for (E event : batch) {
                long id = idOf.applyAsLong(event);
                if (!send(subscriber, () -> subscriber.sink.event(id, nameOf.apply(event), event))) {
                    return;
                }
                subscriber.cursor = id;
            }
        } while (batch.size() == settings.batchSize());
        subscriber.cursor = Math.max(subscriber.cursor, newest);
    }

    private interface Send {
        void run() throws IOException;
    }

    /** Sends one frame; a subscriber that went away is dropped. */
    private boolean send(Subscriber<F> subscriber, Send frame) {
        try {
            frame.run();
            subscriber.lastSentNanos = System.nanoTime();
            return true;
        } catch (IOException | IllegalStateException e) {
            subscribers.remove(subscriber);
            subscriber.sink.close(e);
            return false;
        }
    }

    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.pollInterval().toMillis();
        started.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
        executor = started;
    }

    /** Ends every subscriber's stream and the sending thread. */
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
        }
        subscribers.forEach(s -> s.sink.close(null));
        subscribers.clear();
    }

    public boolean isRunning() {
        return executor != null;
    }

    /** Only the sending thread touches {@code cursor} and {@code lastSentNanos} after subscription. */
    private static final class Subscriber<F> {
        final Sink sink;
        final F filter;
        volatile long cursor;
        volatile long lastSentNanos = System.nanoTime();

        Subscriber(Sink sink, F filter, long cursor) {
            this.sink = sink;
            this.filter = filter;
            this.cursor = cursor;
        }
    }
}
