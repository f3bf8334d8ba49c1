package io.borealis.scheduler.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.api.job.DesiredState;
import io.borealis.scheduler.leader.LeaderEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A new leader acts only on desired state read after it was elected. */
class DesiredStateCacheTest {

    private static final DesiredStateProperties HOURLY = new DesiredStateProperties(URI.create("http://127.0.0.1:1"),
            Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(5));

    private final List<Object> published = new CopyOnWriteArrayList<>();
    private final ScriptedClient client = new ScriptedClient();
    private final DesiredStateCache cache = new DesiredStateCache(client, HOURLY, published::add);

    @AfterEach
    void stop() {
        client.release.countDown();
        cache.stop();
    }

    @Test
    void afterAnElectionTheCopyIsNotFreshUntilAReadThatStartedAfterItCompletes() throws Exception {
        client.release.countDown(); // the first read answers at once
        cache.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.current().isPresent());
        assertThat(cache.freshSinceElection()).isTrue(); // never elected
        int readsBefore = client.reads.get();

        client.release = new CountDownLatch(1); // the next read waits
        cache.onLeadership(new LeaderEvent.Elected(1));
        assertThat(cache.freshSinceElection()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.reads.get() == readsBefore + 1);
        assertThat(cache.freshSinceElection()).isFalse(); // started after the election, not finished

        published.clear();
        client.release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(cache::freshSinceElection);
        // nothing changed, yet the leader is told to look at every job
        assertThat(published).singleElement().isInstanceOfSatisfying(DesiredStateChanged.class,
                changed -> assertThat(changed.everyJob()).isTrue());
    }

    @Test
    void aReadThatWasUnderwayAtTheElectionDoesNotCount() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        client.release = first;
        cache.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.reads.get() == 1); // the first read, waiting
        cache.onLeadership(new LeaderEvent.Elected(1));
        client.release = new CountDownLatch(1); // the read the election asked for will wait
        first.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.reads.get() == 2);
        assertThat(cache.current()).isPresent(); // the first read completed...
        assertThat(cache.freshSinceElection()).isFalse(); // ...but it started before the election
        client.release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(cache::freshSinceElection);
    }

    /** Answers an empty desired state, each read waiting for {@link #release}. */
    private final class ScriptedClient extends DesiredStateClient {

        volatile CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger reads = new AtomicInteger();

        ScriptedClient() {
            super(HOURLY, JsonMapper.builder().build());
        }

        @Override
        DesiredState read() throws InterruptedException {
            reads.incrementAndGet();
            CountDownLatch gate = release;
            gate.await(10, TimeUnit.SECONDS);
            return new DesiredState(0, List.of());
        }
    }
}
