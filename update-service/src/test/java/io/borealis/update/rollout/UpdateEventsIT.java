package io.borealis.update.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.api.event.EventStreamClient;
import io.borealis.api.job.JobKey;
import io.borealis.api.job.UpdateSettings;
import io.borealis.api.update.UpdateChangeEvent;
import io.borealis.update.EmbeddedPostgresConfig;
import io.borealis.update.Http;
import io.borealis.update.lifecycle.InstanceAction;
import io.borealis.update.lifecycle.UpdateStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/updates/events} and {@code /api/v1/updates/{id}/events} on a real port over a
 * real PostgreSQL: every committed step in id order, filtered by job or update, resumable with
 * Last-Event-ID, and bad requests refused as problems.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.boot.admin.client.enabled=false", "borealis.rollout.tick=1h",
                "borealis.events.poll-interval=20ms"})
@Import(EmbeddedPostgresConfig.class)
class UpdateEventsIT {

    private static final JobKey WEB = new JobKey("web", "prod", "hello");
    private static final JobKey ETL = new JobKey("batch", "prod", "etl");
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JobUpdates updates;
    @Autowired
    JobUpdateEvents events;
    @LocalServerPort
    int port;
    private final List<EventStreamClient> streams = new ArrayList<>();

    @BeforeEach
    void clean() {
        events.deleteAll();
        updates.deleteAll();
    }

    @AfterEach
    void closeStreams() {
        streams.forEach(EventStreamClient::close);
    }

    @Test
    void everyCommittedStepIsStreamedInOrderByJobAndByUpdateAndAResumedStreamMissesNothing() {
        UUID web = store(WEB);
        UUID etl = store(ETL);
        events.save(JobUpdateEvent.statusChanged(web, UpdateStatus.ROLLING_FORWARD, T0, "started"));
        Recorded all = open("/api/v1/updates/events?after=0", null);
        Recorded ofWeb = open("/api/v1/updates/events?after=0&job=web/prod/hello", null);
        Recorded ofEtl = open("/api/v1/updates/" + etl + "/events?after=0", null);
        Recorded live = open("/api/v1/updates/events", null);
        await().atMost(BOUND).until(() -> all.events().size() == 1 && live.connected);

        // live: written after the streams opened
        events.save(JobUpdateEvent.instanceAction(web, InstanceAction.INSTANCE_UPDATING, 0, T0.plusSeconds(1), null));
        events.save(JobUpdateEvent.statusChanged(etl, UpdateStatus.ROLLING_FORWARD, T0.plusSeconds(2), "etl started"));
        events.save(JobUpdateEvent.instanceAction(web, InstanceAction.INSTANCE_UPDATED, 0, T0.plusSeconds(3), null));

        await().atMost(BOUND).until(() -> all.events().size() == 4 && live.events().size() == 3);
        assertThat(all.events()).extracting(UpdateChangeEvent::id).isSorted().doesNotHaveDuplicates();
        assertThat(all.events()).extracting(UpdateChangeEvent::name)
                .containsExactly("ROLLING_FORWARD", "INSTANCE_UPDATING", "ROLLING_FORWARD", "INSTANCE_UPDATED");
        assertThat(all.frames).extracting(EventStreamClient.Event::name)
                .containsExactly("ROLLING_FORWARD", "INSTANCE_UPDATING", "ROLLING_FORWARD", "INSTANCE_UPDATED");
        UpdateChangeEvent updated = all.events().get(3);
        assertThat(updated.updateId()).isEqualTo(web.toString());
        assertThat(updated.job()).isEqualTo(WEB);
        assertThat(updated.instance()).isZero();
        assertThat(updated.status()).isNull();
        assertThat(updated.at()).isEqualTo(T0.plusSeconds(3));
        assertThat(all.events().get(0).message()).isEqualTo("started");
        assertThat(all.events().get(0).instance()).isNull();
        assertThat(live.events()).containsExactlyElementsOf(all.events().subList(1, 4));
        await().atMost(BOUND).until(() -> ofWeb.events().size() == 3 && ofEtl.events().size() == 1);
        assertThat(ofWeb.events()).allSatisfy(e -> assertThat(e.job()).isEqualTo(WEB));
        assertThat(ofEtl.events()).singleElement().satisfies(e -> assertThat(e.message()).isEqualTo("etl started"));

        // resumed after the second event, as an EventSource reconnects
        Recorded resumed = open("/api/v1/updates/events", Long.toString(all.events().get(1).id()));
        await().atMost(BOUND).until(() -> resumed.events().size() == 2);
        assertThat(resumed.events()).containsExactlyElementsOf(all.events().subList(2, 4));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "/api/v1/updates/events?after=-1,          , after",
            "/api/v1/updates/events,                   x1, Last-Event-ID",
            "/api/v1/updates/events?job=web/prod,       , job",
            "/api/v1/updates/events?job=we%20b/prod/x,  , job",
            "/api/v1/updates/not-a-uuid/events,         , id"})
    void aBadCursorOrFilterIsABadRequestProblemNamingIt(String path, String lastEventId, String parameter) {
        Http.Response response = lastEventId == null ? new Http(port).get(path)
                : new Http(port).get(path, "Last-Event-ID", lastEventId);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("parameter").asString()).isEqualTo(parameter);
    }

    @Test
    void theStreamOfAnUnknownUpdateIsANotFoundProblem() {
        Http.Response response = new Http(port).get("/api/v1/updates/" + UUID.randomUUID() + "/events");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("type").asString()).isEqualTo("https://borealis.dev/problems/update-not-found");
    }

    private UUID store(JobKey job) {
        UpdateSettings settings = new UpdateSettings(1, null, null, 10, 0, 0, true, false, null, null, null, null);
        return updates.save(new JobUpdate(UUID.randomUUID(), job, settings, "rollout of " + job, T0)).id();
    }

    private Recorded open(String path, String lastEventId) {
        Recorded recorded = new Recorded();
        EventStreamClient client = new EventStreamClient("test-stream", URI.create("http://127.0.0.1:" + port + path),
                lastEventId, Duration.ofMillis(200), recorded);
        streams.add(client);
        client.start();
        return recorded;
    }

    /** What one stream delivered. */
    private static final class Recorded implements EventStreamClient.Listener {
        final List<EventStreamClient.Event> frames = new CopyOnWriteArrayList<>();
        volatile boolean connected;

        @Override
        public void connected() {
            connected = true;
        }

        @Override
        public void event(EventStreamClient.Event event) {
            frames.add(event);
        }

        List<UpdateChangeEvent> events() {
            return frames.stream().map(f -> JSON.readValue(f.data(), UpdateChangeEvent.class)).toList();
        }
    }
}
