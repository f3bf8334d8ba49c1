package io.borealis.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventFeedTest {

    /** An event of a topic; the feed's filter is the topic. */
    record Event(long id, String topic) {
    }

    private final List<Event> table = new CopyOnWriteArrayList<>();
    private final EventFeed.Source<Event, String> source = new EventFeed.Source<>() {
        @Override
        public long newestId() {
            return table.isEmpty() ? 0 : table.get(table.size() - 1).id();
        }

        @Override
        public List<Event> between(long after, long upTo, String topic, int limit) {
            return table.stream().filter(e -> e.id() > after && e.id() <= upTo)
                    .filter(e -> topic == null || topic.equals(e.topic())).limit(limit).toList();
        }
    };
    /** Batches of 2, so that replays take several reads. */
    private final EventFeed<Event, String> feed = new EventFeed<>("test-feed", source, Event::id, Event::topic,
            new EventFeed.Settings(Duration.ofMillis(10), Duration.ofMillis(100), 2));

    @AfterEach
    void stop() {
        feed.stop();
    }

    @Test
    void aSubscriberGetsTheEventsAfterItsCursorThenLiveOnesAndOnlyItsTopic() throws Exception {
        append("a", "b", "a", "a", "b");
        feed.start();
        Recording everything = new Recording();
        Recording ofA = new Recording();
        Recording fromNow = new Recording();
        feed.subscribe(everything, 0L, null);
        feed.subscribe(ofA, 1L, "a");
        feed.subscribe(fromNow, null, null);

        assertThat(everything.next(5)).containsExactly("1 a", "2 b", "3 a", "4 a", "5 b");
        assertThat(ofA.next(2)).containsExactly("3 a", "4 a");
        append("a", "b");
        assertThat(everything.next(2)).containsExactly("6 a", "7 b");
        assertThat(ofA.next(1)).containsExactly("6 a");
        assertThat(fromNow.next(2)).containsExactly("6 a", "7 b");
        assertThat(fromNow.comments).contains("subscribed after 5");
    }

    @Test
    void anIdleSubscriberGetsHeartbeatsAndOneThatFailsIsDroppedAndClosedWithTheError() throws Exception {
        feed.start();
        Recording idle = new Recording();
        Recording broken = new Recording();
        broken.failing = true;
        feed.subscribe(idle, null, null);
        feed.subscribe(broken, null, null);

        assertThat(idle.comments.poll(10, TimeUnit.SECONDS)).startsWith("subscribed after");
        assertThat(idle.comments.poll(10, TimeUnit.SECONDS)).isEqualTo("heartbeat");
        assertThat(broken.closed.poll(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        assertThat(feed.subscribers()).isEqualTo(1);
    }

    @Test
    void stoppingEndsEveryStreamAndASubscriberCancelledLeaves() throws Exception {
        feed.start();
        Recording stays = new Recording();
        Recording leaves = new Recording();
        feed.subscribe(stays, null, null);
        feed.subscribe(leaves, null, null).run();
        assertThat(feed.subscribers()).isEqualTo(1);

        feed.stop();

        assertThat(stays.closed.poll(10, TimeUnit.SECONDS)).isEqualTo(Recording.ORDERLY);
        assertThat(feed.subscribers()).isZero();
        Recording late = new Recording();
        feed.subscribe(late, null, null);
        assertThat(late.closed.poll(10, TimeUnit.SECONDS)).as("a stopped feed ends a new stream at once")
                .isEqualTo(Recording.ORDERLY);
    }

    @Test
    void theCursorIsLastEventIdElseAfterAndABadOneNamesItsSource() {
        assertThat(EventFeed.cursor(null, null)).isNull();
        assertThat(EventFeed.cursor(null, 7L)).isEqualTo(7L);
        assertThat(EventFeed.cursor(" 12 ", 7L)).isEqualTo(12L);
        assertThatThrownBy(() -> EventFeed.cursor("x1", null)).hasMessageStartingWith("Last-Event-ID ");
        assertThatThrownBy(() -> EventFeed.cursor("-3", null)).hasMessageStartingWith("Last-Event-ID ");
        assertThatThrownBy(() -> EventFeed.cursor(null, -1L)).hasMessageStartingWith("after ");
    }

    private void append(String... topics) {
        for (String topic : topics) {
            table.add(new Event(table.size() + 1, topic));
        }
    }

    /** What the feed wrote to one subscriber. */
    private static final class Recording implements EventFeed.Sink {
        static final Throwable ORDERLY = new Throwable("closed without error");
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> closed = new LinkedBlockingQueue<>();
        volatile boolean failing;

        @Override
        public void event(long id, String name, Object data) throws IOException {
            events.add(id + " " + name);
        }

        @Override
        public void comment(String text) throws IOException {
            if (failing) {
                throw new IOException("client went away");
            }
            comments.add(text);
        }

        @Override
        public void close(Throwable error) {
            closed.add(error == null ? ORDERLY : error);
        }

        /** The next {@code n} events, each awaited for at most 10 s. */
        List<String> next(int n) throws InterruptedException {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String event = events.poll(10, TimeUnit.SECONDS);
                if (event == null) {
                    break;
                }
                got.add(event);
            }
            return got;
        }
    }
}
