package io.borealis.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.task.TaskStatus;
import java.util.Map;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

class TaskStateMappingTest {

    private static final Map<TaskState, TaskStatus> EXPECTED = Map.ofEntries(
            Map.entry(TaskState.TASK_STAGING, TaskStatus.STARTING),
            Map.entry(TaskState.TASK_STARTING, TaskStatus.STARTING),
            Map.entry(TaskState.TASK_RUNNING, TaskStatus.RUNNING),
            Map.entry(TaskState.TASK_KILLING, TaskStatus.KILLING),
            Map.entry(TaskState.TASK_FINISHED, TaskStatus.FINISHED),
            Map.entry(TaskState.TASK_FAILED, TaskStatus.FAILED),
            Map.entry(TaskState.TASK_ERROR, TaskStatus.FAILED),
            Map.entry(TaskState.TASK_KILLED, TaskStatus.KILLED),
            Map.entry(TaskState.TASK_LOST, TaskStatus.LOST),
            Map.entry(TaskState.TASK_DROPPED, TaskStatus.LOST),
            Map.entry(TaskState.TASK_GONE, TaskStatus.LOST),
            Map.entry(TaskState.TASK_GONE_BY_OPERATOR, TaskStatus.LOST),
            Map.entry(TaskState.TASK_UNKNOWN, TaskStatus.LOST),
            Map.entry(TaskState.TASK_UNREACHABLE, TaskStatus.PARTITIONED));

    @Test
    void everyMesosStateMapsAsDesigned() {
        for (TaskState state : TaskState.values()) {
            assertThat(EXPECTED).as("a decision for %s", state).containsKey(state);
            assertThat(MesosMapping.status(state)).as(state.name()).isEqualTo(EXPECTED.get(state));
        }
    }
}
