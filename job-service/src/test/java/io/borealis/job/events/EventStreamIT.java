package io.borealis.job.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.job.Http;
import io.borealis.job.JobServiceIT;
import io.borealis.job.Specs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The job event stream over a real port: replay after Last-Event-ID or ?after=, then live events. */
@JobServiceIT
class EventStreamIT {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void resumesFromLastEventIdThenStreamsLiveEvents() {
        long start = Http.json(http.get("/api/v1/desired-state")).path("lastEventId").asLong();
        String first = Specs.uniqueName();
        String second = Specs.uniqueName();
        http.postJson("/api/v1/jobs", Specs.json(first, 1));
        http.postJson("/api/v1/jobs", Specs.json(second, 1));

        long firstId;
        try (SseClient sse = new SseClient(http.client(), http.uri("/api/v1/jobs/events"), Long.toString(start))) {
            await().atMost(BOUND).until(() -> subjects(sse).contains("web/prod/" + second));
            assertThat(sse.status()).isEqualTo(200);
            assertThat(subjects(sse)).containsExactly("web/prod/" + first, "web/prod/" + second);
            SseClient.Frame frame = sse.frames().get(0);
            assertThat(frame.event()).isEqualTo("JOB_CREATED");
            assertThat(frame.data().path("type").asString()).isEqualTo("JOB_CREATED");
            assertThat(frame.data().path("id").asLong()).isEqualTo(frame.id());
            assertThat(sse.frames().get(1).id()).isGreaterThan(frame.id());
            firstId = frame.id();
        }

        try (SseClient resumed = new SseClient(http.client(), http.uri("/api/v1/jobs/events"), Long.toString(firstId))) {
            await().atMost(BOUND).until(() -> !resumed.frames().isEmpty());
            assertThat(subjects(resumed)).containsExactly("web/prod/" + second);

            String third = Specs.uniqueName();
            http.postJson("/api/v1/jobs", Specs.json(third, 2));
            http.postJson("/api/v1/jobs/web/prod/" + third + "/kill", "{\"instances\": [0]}");
            http.delete("/api/v1/jobs/web/prod/" + third);

            await().atMost(BOUND).until(() -> resumed.frames().size() == 4);
            assertThat(resumed.frames().stream().map(SseClient.Frame::event).toList())
                    .containsExactly("JOB_CREATED", "JOB_CREATED", "INSTANCES_KILLED", "JOB_DELETED");
        }
    }

    @Test
    void afterQueryParameterReplaysFromThatId() {
        long start = Http.json(http.get("/api/v1/desired-state")).path("lastEventId").asLong();
        String name = Specs.uniqueName();
        http.postJson("/api/v1/jobs", Specs.json(name, 1));

        try (SseClient sse = new SseClient(http.client(), http.uri("/api/v1/jobs/events?after=" + start), null)) {
            await().atMost(BOUND).until(() -> subjects(sse).contains("web/prod/" + name));
            assertThat(sse.frames().get(0).id()).isGreaterThan(start);
        }
    }

    @Test
    void withoutACursorOnlyNewEventsAreSent() {
        http.postJson("/api/v1/jobs", Specs.json(Specs.uniqueName(), 1));

        try (SseClient sse = new SseClient(http.client(), http.uri("/api/v1/jobs/events"), null)) {
            await().atMost(BOUND).until(() -> !sse.comments().isEmpty());
            String fresh = Specs.uniqueName();
            http.postJson("/api/v1/jobs", Specs.json(fresh, 1));

            await().atMost(BOUND).until(() -> !sse.frames().isEmpty());
            assertThat(subjects(sse)).containsExactly("web/prod/" + fresh);
        }
    }

    @Test
    void aBadLastEventIdIsAProblem() {
        var response = http.send(java.net.http.HttpRequest.newBuilder(http.uri("/api/v1/jobs/events"))
                .header("Last-Event-ID", "yesterday").GET().build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Last-Event-ID");
    }

    private static List<String> subjects(SseClient sse) {
        return sse.frames().stream().map(f -> f.data().path("subject").asString()).toList();
    }
}
