package io.borealis.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.api.event.EventStreamClient;
import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskChangeEvent;
import io.borealis.api.task.TaskEventView;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/tasks/events} against the scripted master: every committed transition in
 * commit order, the same as each task's history; a stream resumed with Last-Event-ID misses
 * nothing; ids stay in commit order under concurrent writers that bypass the scheduler; problems.
 */
class SchedulerTaskEventsIT extends FakeMasterTest {

    private static final JobKey JOB = new JobKey("web", "prod", "events");
    private static final JobKey OUTSIDE = new JobKey("stress", "test", "writers");
    private static final Duration BOUND = Duration.ofSeconds(20);
    /** Per writer: a multiple of 15, so that commits and rows per transaction average out exactly. */
    private static final int TRANSACTIONS = 150;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<EventStreamClient> streams = new ArrayList<>();

    /** Polled often, so that a poll falls between overlapping writers' commits many times. */
    @Override
    protected String[] schedulerArgs() {
        return new String[] {"--borealis.events.poll-interval=10ms"};
    }

    @AfterEach
    void closeStreams() {
        streams.forEach(EventStreamClient::close);
    }

    @Test
    void streamsEveryCommittedTransitionInOrderAndAResumedStreamMissesNothing() throws Exception {
        gateway.jobs(FakeGateway.service(JOB, 2, "sleep 600"));
        await().atMost(BOUND).until(() -> running().size() == 2);

        Frames all = follow("", "0");
        await().atMost(BOUND).until(() -> all.reachedEveryTaskHistory());

        // the stream is the tasks' history: per task the same steps, in the same order, ids rising
        List<TaskChangeEvent> seen = all.events();
        assertThat(seen).extracting(TaskChangeEvent::id).isSorted().doesNotHaveDuplicates();
        assertThat(all.frames).allSatisfy(f -> {
            TaskChangeEvent event = JSON.readValue(f.data(), TaskChangeEvent.class);
            assertThat(f.id()).isEqualTo(Long.toString(event.id()));
            assertThat(f.name()).isEqualTo(event.status().name());
        });
        for (TaskView task : tasks()) {
            List<TaskChangeEvent> ofTask = seen.stream().filter(e -> e.taskId().equals(task.taskId())).toList();
            assertThat(ofTask).extracting(TaskChangeEvent::status)
                    .containsExactlyElementsOf(task.events().stream().map(TaskEventView::status).toList());
            assertThat(ofTask).extracting(TaskChangeEvent::time)
                    .containsExactlyElementsOf(task.events().stream().map(TaskEventView::time).toList());
            assertThat(ofTask).extracting(TaskChangeEvent::message)
                    .containsExactlyElementsOf(task.events().stream().map(TaskEventView::message).toList());
            assertThat(ofTask).allSatisfy(e -> {
                assertThat(e.job()).isEqualTo(JOB);
                assertThat(e.instance()).isEqualTo(task.instance());
                assertThat(e.configVersion()).isEqualTo("v1");
            });
        }

        // resume after the third event, then a task dies and is replaced while both streams are open
        long third = seen.get(2).id();
        Frames resumed = follow("", Long.toString(third));
        TaskView victim = running().get(0);
        master.fail(victim.taskId());
        await().atMost(BOUND).until(() -> tasks().stream()
                .anyMatch(t -> victim.taskId().equals(t.ancestorId()) && t.status() == TaskStatus.RUNNING));
        List<Long> table = idsInTable(0);
        long newest = table.get(table.size() - 1);
        await().atMost(BOUND).until(() -> all.lastId() == newest && resumed.lastId() == newest);

        assertThat(resumed.events()).extracting(TaskChangeEvent::id)
                .as("the resumed stream has everything after %d, as the stream from 0 and the table have it", third)
                .containsExactlyElementsOf(all.events().stream().map(TaskChangeEvent::id).filter(id -> id > third).toList())
                .containsExactlyElementsOf(idsInTable(third));
        assertThat(resumed.events()).filteredOn(e -> e.taskId().equals(victim.taskId()))
                .extracting(TaskChangeEvent::status).endsWith(TaskStatus.RUNNING, TaskStatus.FAILED);

        // what a follower reads next about that instance: its tasks only, the failed one included
        HttpResponse<String> ofInstance = get("/api/v1/jobs/" + JOB.path() + "/tasks?instances=" + victim.instance(),
                "Accept", "application/json");
        assertThat(ofInstance.statusCode()).isEqualTo(200);
        List<TaskView> instanceTasks = List.of(JSON.readValue(ofInstance.body(), TaskView[].class));
        assertThat(instanceTasks).extracting(TaskView::instance).containsOnly(victim.instance());
        assertThat(instanceTasks).extracting(TaskView::status).containsExactly(TaskStatus.RUNNING, TaskStatus.FAILED);
        assertThat(instanceTasks.get(1).events()).extracting(TaskEventView::status).endsWith(TaskStatus.FAILED);
        assertThat(get("/api/v1/jobs/" + JOB.path() + "/tasks?instances=7", "Accept", "application/json").body())
                .isEqualTo("[]");
        assertThat(get("/api/v1/jobs/" + JOB.path() + "/tasks?instances=x", "Accept", "application/json").statusCode())
                .isEqualTo(400);
    }

    @Test
    void idsAreServedInCommitOrderEvenWhenWritersOverlapOutsideTheScheduler() throws Exception {
        DataSource db = pg.getPostgresDatabase();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO task (task_id, role, environment, job_name, instance_id, config_version, config, status,"
                    + " created_at, updated_at) VALUES ('stress-0', 'stress', 'test', 'writers', 0, 'v9', '{}', 'FINISHED',"
                    + " now(), now())");
        }
        long start = idsInTable(0).stream().mapToLong(Long::longValue).max().orElse(0);
        Frames everything = follow("", Long.toString(start));
        Frames filtered = follow("?job=" + OUTSIDE.path(), Long.toString(start));

        // four writers, each transaction inserting 1-3 events and staying open a random while before
        // it commits (every fifth rolls back): without ordered ids a reader would see a later id
        // commit before an earlier one and skip the earlier for good
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            done.add(writers.submit(() -> {
                try (Connection c = db.getConnection()) {
                    c.setAutoCommit(false);
                    for (int tx = 0; tx < TRANSACTIONS; tx++) {
                        try (PreparedStatement insert = c.prepareStatement("INSERT INTO task_event (task_id, at, status,"
                                + " message, source) VALUES ('stress-0', now(), 'FINISHED', ?, 'test')")) {
                            for (int row = 0; row <= tx % 3; row++) {
                                insert.setString(1, "tx " + tx + " row " + row);
                                insert.executeUpdate();
                            }
                        }
                        try (Statement s = c.createStatement()) {
                            s.execute("SELECT pg_sleep(random() * 0.01)");
                        }
                        if (tx % 5 == 4) {
                            c.rollback();
                        } else {
                            c.commit();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : done) {
            writer.get();
        }
        writers.shutdown();
        List<Long> committed = idsInTable(start);
        assertThat(committed).hasSize(4 * TRANSACTIONS * 4 / 5 * 2); // 4/5 commit, of 1-3 rows: 2 on average

        await().atMost(BOUND).until(() -> everything.lastId() == committed.get(committed.size() - 1)
                && filtered.lastId() == committed.get(committed.size() - 1));
        assertThat(everything.events()).extracting(TaskChangeEvent::id).containsExactlyElementsOf(committed);
        assertThat(filtered.events()).extracting(TaskChangeEvent::id).containsExactlyElementsOf(committed);
        assertThat(filtered.events()).allSatisfy(e -> assertThat(e.job()).isEqualTo(OUTSIDE));
    }

    @Test
    void aJobFilterKeepsOnlyThatJobsEvents() throws Exception {
        JobKey other = new JobKey("web", "prod", "other");
        Frames onlyOther = follow("?job=" + other.path(), "0");
        gateway.jobs(FakeGateway.service(JOB, 1, "sleep 600"), FakeGateway.service(other, 1, "sleep 600"));

        await().atMost(BOUND).until(() -> onlyOther.events().stream().anyMatch(e -> e.status() == TaskStatus.RUNNING));
        assertThat(onlyOther.events()).isNotEmpty().allSatisfy(e -> assertThat(e.job()).isEqualTo(other));
        await().atMost(BOUND).until(() -> running().size() == 1);
    }

    @Test
    void badCursorsAndFiltersAreProblems() throws Exception {
        HttpResponse<String> badId = get("/api/v1/tasks/events", "Accept", "text/event-stream",
                "Last-Event-ID", "yesterday");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        JsonNode problem = JSON.readTree(badId.body());
        assertThat(problem.path("type").asString()).endsWith("/invalid-request");
        assertThat(problem.path("field").asString()).isEqualTo("Last-Event-ID");
        assertThat(problem.path("detail").asString()).contains("yesterday");

        assertThat(get("/api/v1/tasks/events", "Accept", "text/event-stream", "Last-Event-ID", "-3").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/tasks/events?after=-1", "Accept", "text/event-stream").statusCode()).isEqualTo(400);
        HttpResponse<String> badJob = get("/api/v1/tasks/events?job=web/prod", "Accept", "text/event-stream");
        assertThat(badJob.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badJob.body()).path("field").asString()).isEqualTo("job");
    }

    /** Follows the stream from the scheduler itself (as the gateway would) with the given Last-Event-ID. */
    private Frames follow(String query, String lastEventId) {
        Frames frames = new Frames();
        URI uri = SchedulerRunner.baseUri(scheduler).resolve("/api/v1/tasks/events" + query);
        EventStreamClient client = new EventStreamClient("test-task-events", uri, lastEventId, Duration.ofMillis(100),
                frames.frames::add);
        streams.add(client);
        client.start();
        return frames;
    }

    /** A GET with header name/value pairs. */
    private HttpResponse<String> get(String path, String... headers) throws Exception {
        URI uri = SchedulerRunner.baseUri(scheduler).resolve(path);
        return http.send(HttpRequest.newBuilder(uri).headers(headers).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<Long> idsInTable(long after) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = pg.getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id FROM task_event WHERE id > ? ORDER BY id")) {
            s.setLong(1, after);
            try (var rows = s.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        return ids;
    }

    private List<TaskView> tasks() throws Exception {
        return SchedulerRunner.tasks(scheduler, JOB);
    }

    private List<TaskView> running() throws Exception {
        return tasks().stream().filter(t -> t.status() == TaskStatus.RUNNING).toList();
    }

    /** What one stream delivered. */
    private final class Frames {
        final List<EventStreamClient.Event> frames = new CopyOnWriteArrayList<>();

        List<TaskChangeEvent> events() {
            return frames.stream().map(f -> JSON.readValue(f.data(), TaskChangeEvent.class)).toList();
        }

        long lastId() {
            return frames.isEmpty() ? -1 : Long.parseLong(frames.get(frames.size() - 1).id());
        }

        /** Every task of the job has streamed as many events as its history holds. */
        boolean reachedEveryTaskHistory() throws Exception {
            List<TaskChangeEvent> seen = events();
            List<TaskView> tasks = tasks();
            return !tasks.isEmpty() && tasks.stream().allMatch(t -> seen.stream()
                    .filter(e -> e.taskId().equals(t.taskId())).count() == t.events().size());
        }
    }
}
