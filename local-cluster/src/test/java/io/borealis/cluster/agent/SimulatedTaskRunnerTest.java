package io.borealis.cluster.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedTaskRunnerTest {

    private final SimulatedTaskRunner runner = new SimulatedTaskRunner();
    private final Map<String, TaskState> last = new ConcurrentHashMap<>();

    @AfterEach
    void shutdown() {
        runner.shutdown();
    }

    @Test
    void theSwitchReadsFailAndFailAfterSecondsAndIgnoresAnythingElse() {
        assertThat(SimulatedTaskRunner.parse("fail")).isEqualTo(Duration.ZERO);
        assertThat(SimulatedTaskRunner.parse("fail-after=2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(SimulatedTaskRunner.parse("fail-after=0.25")).isEqualTo(Duration.ofMillis(250));
        assertThat(SimulatedTaskRunner.parse("fail-after=")).isNull();
        assertThat(SimulatedTaskRunner.parse("fail-after=-1")).isNull();
        assertThat(SimulatedTaskRunner.parse("fail-after=x")).isNull();
        assertThat(SimulatedTaskRunner.parse("FAIL")).isNull();
        assertThat(SimulatedTaskRunner.parse("")).isNull();
    }

    @Test
    void theOperatorFailsNamedTasksOrAnyNumberOfRunningOnes() {
        for (String id : List.of("a", "b", "c", "d", "e")) {
            launch(id);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> last.values().stream().filter(TaskState.TASK_RUNNING::equals).count() == 5);

        assertThat(runner.failNow(List.of("b", "x"), 10)).containsExactly("b");
        await().atMost(Duration.ofSeconds(5)).until(() -> last.get("b") == TaskState.TASK_FAILED);

        List<String> any = runner.failNow(List.of(), 2);
        assertThat(any).hasSize(2).doesNotContain("b");
        await().atMost(Duration.ofSeconds(5)).until(() -> any.stream().allMatch(id -> last.get(id) == TaskState.TASK_FAILED));
        assertThat(last.values().stream().filter(TaskState.TASK_RUNNING::equals).count()).isEqualTo(2);
        assertThat(runner.failNow(List.of("b"), 1)).as("a failed task is not running any more").isEmpty();
    }

    private void launch(String taskId) {
        Protos.TaskInfo task = Protos.TaskInfo.newBuilder().setName(taskId)
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setAgentId(Protos.AgentID.newBuilder().setValue("agent-1"))
                .setCommand(Protos.CommandInfo.newBuilder().setValue("sleep 1")).build();
        runner.launch(new TaskLaunch(new TaskKey("fw", taskId), "agent-1", task, Path.of("/nonexistent")),
                (key, report) -> last.put(key.taskId(), report.state()));
    }
}
