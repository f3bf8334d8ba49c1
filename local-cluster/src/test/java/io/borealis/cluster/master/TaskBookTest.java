package io.borealis.cluster.master;

import static io.borealis.cluster.master.Recorder.framework;
import static io.borealis.cluster.master.Recorder.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.cluster.agent.Agent;
import io.borealis.cluster.agent.AgentReport;
import io.borealis.cluster.agent.Agents;
import io.borealis.cluster.agent.PortSet;
import io.borealis.cluster.agent.ResourceSet;
import io.borealis.cluster.agent.TaskKey;
import io.borealis.cluster.agent.TaskLaunch;
import io.borealis.cluster.agent.TaskListener;
import io.borealis.cluster.agent.TaskRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability.Type;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Status updates without HTTP or Spring: uuids, hold-back until acknowledged, resends, kills, lost agents. */
class TaskBookTest {

    private static final ResourceSet ONE_CPU = new ResourceSet(1, 64, 0, PortSet.EMPTY);

    private final Object lock = new Object();
    private final Map<String, Framework> frameworks = new LinkedHashMap<>();
    private final FakeRunner runner = new FakeRunner();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger freed = new AtomicInteger();
    private final Agent agent = new Agents(Recorder.properties(1, Duration.ofHours(1), Duration.ofHours(1))).all().get(0);
    private final Framework framework = framework("fw", Type.PARTITION_AWARE, Type.TASK_KILLING_STATE);
    private final List<Event> delivered = new ArrayList<>();

    private TaskBook book = book(Duration.ofHours(1));

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void launchRecordsStagingTakesResourcesAndHandsTheTaskToTheRunner() {
        launch("t1");

        assertThat(framework.tasks.get("t1").state()).isEqualTo(TaskState.TASK_STAGING);
        assertThat(agent.used()).isEqualTo(ONE_CPU);
        assertThat(runner.launched).singleElement().satisfies(launch -> {
            assertThat(launch.agentId()).isEqualTo(agent.id());
            assertThat(launch.sandbox()).isEqualTo(Path.of("work", "agents", agent.id(), "sandboxes", "t1"));
        });
        assertThat(events()).isEmpty();
    }

    @Test
    void laterUpdatesWaitUntilTheOldestIsAcknowledged() {
        launch("t1");
        report("t1", TaskState.TASK_STARTING);
        report("t1", TaskState.TASK_RUNNING);

        TaskStatus starting = single(events());
        assertThat(starting.getState()).isEqualTo(TaskState.TASK_STARTING);
        assertThat(starting.getUuid().size()).isEqualTo(16);
        assertThat(starting.getAgentId().getValue()).isEqualTo(agent.id());
        assertThat(framework.tasks.get("t1").state()).isEqualTo(TaskState.TASK_RUNNING);

        ack("t1", starting.toBuilder().setUuid(com.google.protobuf.ByteString.copyFromUtf8("not-the-uuid-16b")).build());
        assertThat(events()).isEmpty();
        ack("t1", starting);
        TaskStatus running = single(events());
        assertThat(running.getState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(running.getUuid()).isNotEqualTo(starting.getUuid());

        ack("t1", starting); // a duplicate acknowledgement changes nothing
        ack("t1", running);
        assertThat(events()).isEmpty();
        assertThat(framework.tasks.get("t1").unacknowledged).isEmpty();
        // counted: two updates sent once, none again; two acknowledgements taken, two of nothing pending
        assertThat(book.counters.firstSends.sum()).isEqualTo(2);
        assertThat(book.counters.resends.sum()).isZero();
        assertThat(book.counters.acknowledged.sum()).isEqualTo(2);
        assertThat(book.counters.staleAcknowledgements.sum()).isEqualTo(2);
    }

    @Test
    void anUnacknowledgedUpdateIsResentWithTheSameUuid() {
        book = book(Duration.ofMillis(50));
        launch("t1");
        report("t1", TaskState.TASK_STARTING);

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            delivered.addAll(events());
            return delivered.size() >= 3;
        });
        assertThat(delivered).extracting(e -> e.getUpdate().getStatus().getUuid()).containsOnly(
                delivered.get(0).getUpdate().getStatus().getUuid());
        assertThat(book.counters.firstSends.sum()).isEqualTo(1);
        assertThat(book.counters.resends.sum()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aTerminalTaskFreesItsResourcesAndIsForgottenOnceAcknowledged() {
        launch("t1");
        report("t1", TaskState.TASK_FINISHED);

        assertThat(agent.used()).isEqualTo(ResourceSet.EMPTY);
        assertThat(freed).hasValue(1);
        TaskStatus finished = single(events());
        assertThat(framework.tasks).containsKey("t1");

        ack("t1", finished);
        assertThat(framework.tasks).doesNotContainKey("t1");
        assertThat(book.completed()).extracting(t -> t.key.taskId()).containsExactly("t1");

        synchronized (lock) {
            book.reconcile(framework, Call.Reconcile.newBuilder().addTasks(Call.Reconcile.Task.newBuilder()
                    .setTaskId(TaskID.newBuilder().setValue("t1"))).build());
        }
        TaskStatus unknown = single(events());
        assertThat(unknown.getState()).isEqualTo(TaskState.TASK_UNKNOWN);
        assertThat(unknown.hasUuid()).isFalse();
    }

    @Test
    void reconciliationAnswersTheLatestStateWithoutUuid() {
        launch("t1");
        report("t1", TaskState.TASK_STARTING);
        events();

        synchronized (lock) {
            book.reconcile(framework, Call.Reconcile.getDefaultInstance());
        }

        TaskStatus reconciled = single(events());
        assertThat(reconciled.getState()).isEqualTo(TaskState.TASK_STARTING);
        assertThat(reconciled.hasUuid()).isFalse();
        assertThat(reconciled.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
    }

    @Test
    void killSendsKillingFirstAndUsesTheTasksGracePeriod() {
        launch("t1");
        report("t1", TaskState.TASK_STARTING);
        ack("t1", single(events()));

        synchronized (lock) {
            book.kill(framework, Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1")).build());
            book.kill(framework, Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue("ghost")).build());
        }

        List<Event> events = events();
        assertThat(events).extracting(e -> e.getUpdate().getStatus().getState())
                .containsExactly(TaskState.TASK_KILLING, TaskState.TASK_UNKNOWN);
        assertThat(runner.killed).containsExactly(Map.entry(new TaskKey("fw", "t1"), Duration.ofMillis(1500)));
    }

    @Test
    void aPartitionedAgentsTasksAreUnreachableWithoutUuidKeepRunningAndAreBackWhenItReturns() {
        runningAndAcknowledged("t1");

        synchronized (lock) {
            book.agentLost(agent);
        }

        TaskStatus unreachable = single(events());
        assertThat(unreachable.getState()).isEqualTo(TaskState.TASK_UNREACHABLE);
        assertThat(unreachable.hasUuid()).isFalse();
        assertThat(runner.destroyed).as("a partition-aware framework's task keeps running").isEmpty();
        report("t1", TaskState.TASK_FAILED); // the agent holds it while it is cut off
        assertThat(events()).isEmpty();
        reconcile();
        assertThat(single(events()).getState()).isEqualTo(TaskState.TASK_UNREACHABLE);

        synchronized (lock) {
            book.agentBack(agent);
        }
        // the master learns the state the agent kept, then gets what the agent held back
        TaskStatus failed = single(events());
        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.hasUuid()).isTrue();
        assertThat(framework.tasks).containsKey("t1");
    }

    @Test
    void aReturningAgentsRunningTaskIsFoundByReconciliationAndCanBeKilled() {
        runningAndAcknowledged("t1");
        synchronized (lock) {
            book.agentLost(agent);
        }
        events();
        synchronized (lock) {
            book.kill(framework, Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1")).build());
            book.agentBack(agent);
        }
        assertThat(events()).as("no update of its own when the agent returns").isEmpty();
        reconcile();
        TaskStatus running = single(events());
        assertThat(running.getState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(running.hasUuid()).isFalse();

        synchronized (lock) {
            book.kill(framework, Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1")).build());
        }
        assertThat(single(events()).getState()).isEqualTo(TaskState.TASK_KILLING);
        assertThat(runner.killed).extracting(Map.Entry::getKey).containsExactly(new TaskKey("fw", "t1"));
    }

    @Test
    void aFrameworkThatIsNotPartitionAwareLosesTheTasksOfALostAgent() {
        Framework plain = framework("plain");
        frameworks.put(plain.id, plain);
        TaskBook plainBook = book(Duration.ofSeconds(10));
        TaskInfo task = TaskInfo.newBuilder().setName("p1").setTaskId(TaskID.newBuilder().setValue("p1"))
                .setAgentId(AgentID.newBuilder().setValue(agent.id())).build();
        synchronized (lock) {
            plainBook.launch(plain, agent, task, ResourceSet.EMPTY);
            plainBook.agentLost(agent);
        }
        synchronized (lock) {
            assertThat(sent(plain)).extracting(e -> e.getUpdate().getStatus().getState()).containsExactly(TaskState.TASK_LOST);
        }
        assertThat(runner.destroyed).containsExactly(new TaskKey("plain", "p1"));
        assertThat(plain.tasks).isEmpty();
    }

    private void runningAndAcknowledged(String id) {
        launch(id);
        report(id, TaskState.TASK_STARTING);
        ack(id, single(events()));
        report(id, TaskState.TASK_RUNNING);
        ack(id, single(events()));
    }

    private void reconcile() {
        synchronized (lock) {
            book.reconcile(framework, Call.Reconcile.newBuilder().addTasks(Call.Reconcile.Task.newBuilder()
                    .setTaskId(TaskID.newBuilder().setValue("t1"))).build());
        }
    }

    private TaskBook book(Duration retryInterval) {
        frameworks.put(framework.id, framework);
        return new TaskBook(lock, frameworks, runner, timer, Path.of("work"), retryInterval, Duration.ofHours(1),
                Duration.ofSeconds(3), freedOn -> freed.incrementAndGet());
    }

    private void launch(String id) {
        TaskInfo task = TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue(agent.id()))
                .setCommand(CommandInfo.newBuilder().setValue("true"))
                .setKillPolicy(KillPolicy.newBuilder().setGracePeriod(DurationInfo.newBuilder()
                        .setNanoseconds(1_500_000_000L)))
                .build();
        synchronized (lock) {
            book.launch(framework, agent, task, ONE_CPU);
        }
    }

    private void report(String id, TaskState state) {
        runner.listener.report(new TaskKey(framework.id, id), AgentReport.of(state, null));
    }

    private void ack(String id, TaskStatus status) {
        synchronized (lock) {
            book.acknowledge(framework, Call.Acknowledge.newBuilder().setAgentId(status.getAgentId())
                    .setTaskId(TaskID.newBuilder().setValue(id)).setUuid(status.getUuid()).build());
        }
    }

    private List<Event> events() {
        synchronized (lock) {
            return sent(framework);
        }
    }

    private static TaskStatus single(List<Event> events) {
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getType()).isEqualTo(Event.Type.UPDATE);
        return events.get(0).getUpdate().getStatus();
    }

    /** Records what the book asks of its runner; reports are made by the test. */
    private static final class FakeRunner implements TaskRunner {
        final List<TaskLaunch> launched = new ArrayList<>();
        final List<Map.Entry<TaskKey, Duration>> killed = new ArrayList<>();
        final List<TaskKey> destroyed = new ArrayList<>();
        TaskListener listener;

        @Override
        public void launch(TaskLaunch launch, TaskListener taskListener) {
            launched.add(launch);
            listener = taskListener;
        }

        @Override
        public void kill(TaskKey key, Duration gracePeriod) {
            killed.add(Map.entry(key, gracePeriod));
        }

        @Override
        public void destroy(TaskKey key) {
            destroyed.add(key);
        }

        @Override
        public OptionalLong pid(TaskKey key) {
            return OptionalLong.empty();
        }

        @Override
        public void shutdown() {
        }
    }
}
