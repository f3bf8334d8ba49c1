package io.borealis.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import io.borealis.scheduler.task.StateLock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a real network and a real master do to the subscription, injected by the scripted master:
 * records cut by a disconnect, streams re-chunked at arbitrary bytes, duplicate, stale and uuid-less
 * updates, ERROR events, 307 (absolute and scheme-relative) and 503. Each case asserts on the exact
 * calls the master received and on the states stored in PostgreSQL, and every case ends by checking
 * that no call was ever sent without the stream id of the live subscription.
 */
class MesosFaultInjectionIT {

    private static final JobKey JOB = new JobKey("web", "prod", "faults");
    private final List<FakeMaster> masters = new ArrayList<>();
    private EmbeddedPostgres pg;
    private FakeMaster master;
    private FakeGateway gateway;
    private ConfigurableApplicationContext scheduler;

    @BeforeEach
    void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        master = master();
        gateway = new FakeGateway();
    }

    @AfterEach
    void stop() throws Exception {
        SchedulerRunner.closeAll(scheduler);
        SchedulerRunner.closeAll(masters.toArray(AutoCloseable[]::new));
        SchedulerRunner.closeAll(gateway, pg);
    }

    @Test
    void aRecordCutByADisconnectIsNotAppliedAndTheSchedulerResubscribesAsTheSameFramework() throws Exception {
        List<TaskView> running = startWithRunning(2);
        String frameworkId = master.frameworkId();
        String victim = running.get(0).taskId();
        int subscribes = master.calls(Call.Type.SUBSCRIBE).size();
        ByteString uuid = uuid();

        master.disconnectMidRecord(master.updateEvent(victim, TaskState.TASK_FAILED, uuid));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Call> subscribe = master.calls(Call.Type.SUBSCRIBE);
            assertThat(subscribe).hasSize(subscribes + 1);
            Call again = subscribe.get(subscribes);
            assertThat(again.getFrameworkId().getValue()).isEqualTo(frameworkId);
            assertThat(again.getSubscribe().getFrameworkInfo().getId().getValue()).isEqualTo(frameworkId);
            // the new subscription reconciles the task the cut record was about
            assertThat(reconciledAfter(subscribes)).contains(victim);
        });
        // half a record is nothing: no transition stored, nothing acknowledged, nothing relaunched
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                status(victim) == TaskStatus.RUNNING);
        assertThat(eventsOf(victim, TaskStatus.FAILED)).isZero();
        assertThat(acks(uuid)).isZero();
        assertThat(running()).extracting(TaskView::taskId).containsExactlyInAnyOrderElementsOf(
                running.stream().map(TaskView::taskId).toList());
        assertCallsCarriedTheLiveStreamId(master);
    }

    @Test
    void aStallInTheMiddleOfARecordIsEndedByTheWatchdogAndNothingOfItIsApplied() throws Exception {
        List<TaskView> running = startWithRunning(2);
        String frameworkId = master.frameworkId();
        String victim = running.get(0).taskId();
        // the next subscription announces a 0.2 s heartbeat (offers every 0.2 s keep it alive)
        master.announceHeartbeat(0.2);
        int subscribes = master.calls(Call.Type.SUBSCRIBE).size();
        master.dropSubscription();
        // subscribed again: offers are being answered on the new subscription
        await().atMost(Duration.ofSeconds(10)).until(() -> master.calls(Call.Type.SUBSCRIBE).size() == subscribes + 1
                && master.calls().subList(lastSubscribe(), master.calls().size()).stream()
                        .anyMatch(c -> c.getType() == Call.Type.DECLINE));
        ByteString uuid = uuid();

        long stalledAt = System.nanoTime();
        master.stallMidRecord(master.updateEvent(victim, TaskState.TASK_FAILED, uuid));

        // ~5 silent heartbeat intervals: the subscription is declared dead and renewed as the same framework
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(master.calls(Call.Type.SUBSCRIBE)).hasSize(subscribes + 2);
            assertThat(master.calls(Call.Type.SUBSCRIBE).get(subscribes + 1).getFrameworkId().getValue()).isEqualTo(frameworkId);
        });
        long renewedMs = (System.nanoTime() - stalledAt) / 1_000_000;
        System.out.println("MesosFaultInjectionIT: a stalled stream (0.2 s heartbeat) was renewed after " + renewedMs + " ms");
        assertThat(renewedMs).as("not before five silent heartbeat intervals").isGreaterThanOrEqualTo(900);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> status(victim) == TaskStatus.RUNNING);
        assertThat(eventsOf(victim, TaskStatus.FAILED)).isZero();
        assertThat(acks(uuid)).isZero();
        assertCallsCarriedTheLiveStreamId(master);
    }

    @Test
    void aStreamRechunkedAtArbitraryBytesIsDecodedExactly() throws Exception {
        List<TaskView> running = startWithRunning(2);
        long seed = System.nanoTime();
        System.out.println("MesosFaultInjectionIT re-chunking seed: " + seed);
        Random random = new Random(seed);
        String finished = running.get(0).taskId();
        String other = running.get(1).taskId();
        List<Event> events = new ArrayList<>();
        List<ByteString> uuids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ByteString uuid = uuid();
            uuids.add(uuid);
            events.add(master.updateEvent(i % 2 == 0 ? other : finished, TaskState.TASK_RUNNING, uuid));
            if (random.nextBoolean()) {
                events.add(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
            }
        }
        ByteString last = uuid();
        uuids.add(last);
        events.add(master.updateEvent(finished, TaskState.TASK_FINISHED, last));

        // pieces of 1..300 bytes: records split over many chunks, and several small records in one
        master.sendRechunked(events, random, 1 + random.nextInt(300));

        // acknowledgements go out after each batch's commit on several threads: in any order
        await().atMost(Duration.ofSeconds(10)).until(() -> uuids.stream().allMatch(u -> acks(u) >= 1));
        List<ByteString> acked = master.calls(Call.Type.ACKNOWLEDGE).stream()
                .map(c -> c.getAcknowledge().getUuid()).filter(uuids::contains).toList();
        assertThat(acked).as("every update decoded and acknowledged exactly once (seed %d)", seed)
                .containsExactlyInAnyOrderElementsOf(uuids);
        assertThat(status(finished)).isEqualTo(TaskStatus.FINISHED);
        assertThat(status(other)).isEqualTo(TaskStatus.RUNNING);
        assertThat(eventsOf(finished, TaskStatus.FINISHED)).isEqualTo(1);
        assertCallsCarriedTheLiveStreamId(master);
    }

    @Test
    void duplicateStaleAndUuidlessUpdatesChangeNothingTwiceAndOnlyUuidsAreAcknowledged() throws Exception {
        List<TaskView> running = startWithRunning(2);
        String task = running.get(0).taskId();
        String other = running.get(1).taskId();
        double duplicatesBefore = ignored("FINISHED", "FINISHED");
        double staleBefore = ignored("FINISHED", "RUNNING");

        double droppedBefore = counter("borealis.status.updates.duplicates");

        ByteString finished = uuid();
        // the master resends the update while the first copy still waits to be applied (the state lock is
        // held meanwhile): the copy is dropped, and the update is applied and acknowledged once
        CompletableFuture<Void> held = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread holder = new Thread(() -> scheduler.getBean(StateLock.class).run(() -> {
            held.complete(null);
            release.join();
        }));
        holder.start();
        try {
            assertThat(held).as("holding the state lock").succeedsWithin(Duration.ofSeconds(10));
            master.update(task, TaskState.TASK_FINISHED, finished);
            master.update(task, TaskState.TASK_FINISHED, finished);
            await().atMost(Duration.ofSeconds(10)).until(() -> counter("borealis.status.updates.duplicates") == droppedBefore + 1);
        } finally {
            release.complete(null);
            holder.join();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> acks(finished) == 1
                && scheduler.getBean(MeterRegistry.class).get("borealis.status.updates.in.flight").gauge().value() == 0);
        master.update(task, TaskState.TASK_FINISHED, finished); // resent again: this time our ack crossed it
        ByteString stale = uuid();
        master.update(task, TaskState.TASK_RUNNING, stale); // reordered: RUNNING after FINISHED
        int acksOfOther = acksOf(other);
        master.update(other, TaskState.TASK_RUNNING, (ByteString) null); // as a reconciliation answer
        ByteString marker = uuid();
        master.update(other, TaskState.TASK_RUNNING, marker); // handled after everything above

        await().atMost(Duration.ofSeconds(10)).until(() -> acks(marker) == 1);
        assertThat(status(task)).isEqualTo(TaskStatus.FINISHED);
        assertThat(eventsOf(task, TaskStatus.FINISHED)).as("the state changed once").isEqualTo(1);
        assertThat(eventsOf(task, TaskStatus.RUNNING)).as("the stale RUNNING stored nothing").isEqualTo(1);
        assertThat(acks(finished)).as("each delivery carrying a uuid and not dropped is acknowledged").isEqualTo(2);
        assertThat(counter("borealis.status.updates.duplicates")).isEqualTo(droppedBefore + 1);
        assertThat(acks(stale)).isEqualTo(1);
        assertThat(acksOf(other)).as("the update without uuid is not acknowledged").isEqualTo(acksOfOther + 1);
        // the duplicate and the stale update were each counted as ignored
        assertThat(ignored("FINISHED", "FINISHED") - duplicatesBefore).isEqualTo(1);
        assertThat(ignored("FINISHED", "RUNNING") - staleBefore).isEqualTo(1);
        // the finished service instance is replaced, once
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(tasks())
                .filteredOn(t -> task.equals(t.ancestorId())).singleElement()
                .satisfies(t -> assertThat(t.status()).isEqualTo(TaskStatus.RUNNING)));
        assertCallsCarriedTheLiveStreamId(master);
    }

    @Test
    void anErrorEndsTheSubscriptionAndOnlyARemovedFrameworkSubscribesAfresh() throws Exception {
        List<TaskView> running = startWithRunning(2);
        String frameworkId = master.frameworkId();
        int subscribes = master.calls(Call.Type.SUBSCRIBE).size();

        // an ERROR that does not kill the id (here: another scheduler took the framework over, and we still lead)
        master.error("Framework failed over");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(master.calls(Call.Type.SUBSCRIBE)).hasSize(subscribes + 1);
            assertThat(master.calls(Call.Type.SUBSCRIBE).get(subscribes).getFrameworkId().getValue()).isEqualTo(frameworkId);
        });
        assertThat(storedFrameworkId()).isEqualTo(frameworkId);

        // the failover timeout passed: Mesos removed the framework and killed its tasks; the id is dead
        master.removeFramework();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<Call> subscribe = master.calls(Call.Type.SUBSCRIBE);
            Call afresh = subscribe.get(subscribe.size() - 1);
            assertThat(afresh.hasFrameworkId()).isFalse();
            assertThat(afresh.getSubscribe().getFrameworkInfo().hasId()).isFalse();
            assertThat(storedFrameworkId()).isNotNull().isNotEqualTo(frameworkId).isEqualTo(master.frameworkId());
        });
        String renewed = master.frameworkId();
        // the old tasks are reconciled as gone (LOST) and replaced under the new framework
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (TaskView old : running) {
                assertThat(status(old.taskId())).isEqualTo(TaskStatus.LOST);
            }
            assertThat(running()).hasSize(2).noneMatch(t -> running.stream().anyMatch(o -> o.taskId().equals(t.taskId())));
        });
        List<Call> accepts = master.calls(Call.Type.ACCEPT);
        assertThat(accepts.get(accepts.size() - 1).getFrameworkId().getValue()).isEqualTo(renewed);
        assertCallsCarriedTheLiveStreamId(master);
    }

    @Test
    void redirectsAbsoluteAndSchemeRelativeAreFollowedAnd503IsRetried() throws Exception {
        FakeMaster follower = master();
        FakeMaster next = master();
        follower.redirectTo("//127.0.0.1:" + master.uri().getPort() + "/api/v1/scheduler");
        scheduler = SchedulerRunner.start(pg, follower.uri(), gateway.uri());

        // the configured master is a follower: a scheme-relative 307 leads to the leader
        await().atMost(Duration.ofSeconds(10)).until(() -> !master.calls(Call.Type.DECLINE).isEmpty());
        assertThat(follower.calls()).extracting(Call::getType).containsOnly(Call.Type.SUBSCRIBE);
        String frameworkId = master.frameworkId();

        // a call answered 503 (the master is recovering) is sent again
        int declines = master.calls(Call.Type.DECLINE).size();
        master.unavailableFor(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> master.calls(Call.Type.DECLINE).size() > declines + 1);
        Call refused = master.calls(Call.Type.DECLINE).get(declines);
        assertThat(master.calls(Call.Type.DECLINE).subList(declines, master.calls(Call.Type.DECLINE).size()))
                .filteredOn(refused::equals).hasSizeGreaterThanOrEqualTo(2);

        // leadership moves: the old leader's stream ends and it answers 307 with an absolute Location
        // (before the scheduler's first reconnect, which waits for the backoff)
        next.unavailableFor(1); // the new leader is still recovering at the first attempt
        master.dropSubscription();
        master.redirectTo("http://127.0.0.1:" + next.uri().getPort());
        await().atMost(Duration.ofSeconds(15)).until(() -> next.frameworkId() != null
                && next.received().stream().anyMatch(r -> r.call().getType() == Call.Type.DECLINE && r.liveStreamId() != null));
        assertThat(next.calls(Call.Type.SUBSCRIBE)).isNotEmpty()
                .allSatisfy(c -> assertThat(c.getFrameworkId().getValue()).isEqualTo(frameworkId));
        assertThat(next.frameworkId()).isEqualTo(frameworkId);
        // whatever reached the recovering master first (a DECLINE redirected in flight, or the SUBSCRIBE) got
        // its 503 and was sent again
        List<Call> atNext = next.calls();
        assertThat(atNext.subList(1, atNext.size())).contains(atNext.get(0));
        assertCallsCarriedTheLiveStreamId(master);
        assertCallsCarriedTheLiveStreamId(next);
        assertCallsCarriedTheLiveStreamId(follower);
    }

    /**
     * SUBSCRIBE never carries a stream id; every other call carries one: that of the master's subscription
     * live (or last live) when it arrived.
     */
    private static void assertCallsCarriedTheLiveStreamId(FakeMaster master) {
        assertThat(master.received()).allSatisfy(r -> {
            if (r.call().getType() == Call.Type.SUBSCRIBE) {
                assertThat(r.streamIdHeader()).isNull();
            } else {
                assertThat(r.streamIdHeader()).as("%s", r.call().getType()).isNotNull();
                if (r.liveStreamId() != null) { // else a call redirected in flight to a master that never streamed to us
                    assertThat(r.streamIdHeader()).as("%s", r.call().getType()).isEqualTo(r.liveStreamId());
                }
            }
        });
    }

    private FakeMaster master() throws Exception {
        FakeMaster created = new FakeMaster();
        masters.add(created);
        return created;
    }

    private List<TaskView> startWithRunning(int instances) {
        scheduler = SchedulerRunner.start(pg, master.uri(), gateway.uri());
        gateway.jobs(FakeGateway.service(JOB, instances, "sleep 600"));
        return await().atMost(Duration.ofSeconds(15)).until(this::running, tasks -> tasks.size() == instances);
    }

    /** Where the last SUBSCRIBE is among the calls received. */
    private int lastSubscribe() {
        List<Call> calls = master.calls();
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).getType() == Call.Type.SUBSCRIBE) {
                return i;
            }
        }
        return 0;
    }

    private List<String> reconciledAfter(int subscribes) {
        List<Call> calls = master.calls();
        int at = 0;
        for (int seen = 0; at < calls.size() && seen <= subscribes; at++) {
            if (calls.get(at).getType() == Call.Type.SUBSCRIBE) {
                seen++;
            }
        }
        return calls.subList(at, calls.size()).stream().filter(c -> c.getType() == Call.Type.RECONCILE)
                .flatMap(c -> c.getReconcile().getTasksList().stream()).map(t -> t.getTaskId().getValue()).toList();
    }

    private long acks(ByteString uuid) {
        return master.calls(Call.Type.ACKNOWLEDGE).stream().filter(c -> c.getAcknowledge().getUuid().equals(uuid)).count();
    }

    private int acksOf(String taskId) {
        return (int) master.calls(Call.Type.ACKNOWLEDGE).stream()
                .filter(c -> c.getAcknowledge().getTaskId().getValue().equals(taskId)).count();
    }

    private double ignored(String from, String to) {
        return scheduler.getBean(MeterRegistry.class).find("borealis.task.transitions.ignored").tags("from", from, "to", to)
                .counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private double counter(String name) {
        return scheduler.getBean(MeterRegistry.class).get(name).functionCounter().count();
    }

    private static ByteString uuid() {
        return ByteString.copyFromUtf8(UUID.randomUUID().toString().substring(0, 16));
    }

    private TaskStatus status(String taskId) throws Exception {
        return TaskStatus.valueOf(query("SELECT status FROM task WHERE task_id = ?", taskId));
    }

    private long eventsOf(String taskId, TaskStatus status) throws Exception {
        return Long.parseLong(query("SELECT count(*) FROM task_event WHERE task_id = ? AND status = ?", taskId, status.name()));
    }

    private String storedFrameworkId() throws Exception {
        return query("SELECT framework_id FROM framework WHERE name = (SELECT min(name) FROM framework)");
    }

    private String query(String sql, Object... args) throws Exception {
        try (Connection db = pg.getPostgresDatabase().getConnection(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private List<TaskView> running() throws Exception {
        return tasks().stream().filter(t -> t.status() == TaskStatus.RUNNING).toList();
    }

    private List<TaskView> tasks() throws Exception {
        return SchedulerRunner.tasks(scheduler, JOB);
    }
}
