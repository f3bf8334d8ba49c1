package io.borealis.cluster.master;

import io.borealis.cluster.agent.Agent;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskInfo;

/** The master's checks of a TaskInfo in a LAUNCH; a failed check makes a TASK_ERROR. */
final class TaskValidation {

    private TaskValidation() {
    }

    /** The reason the task cannot launch, or null. Resources are checked by the caller. */
    static String validate(Framework framework, Agent agent, TaskInfo task, Set<String> launchedInThisCall) {
        String id = task.getTaskId().getValue();
        if (id.isEmpty() || id.equals(".") || id.equals("..") || id.contains("/") || id.indexOf('\0') >= 0) {
            return "Task has an invalid ID '" + id + "'";
        }
        if (framework.tasks.containsKey(id) || launchedInThisCall.contains(id)) {
            return "Task has duplicate ID: " + id;
        }
        if (!task.getAgentId().getValue().equals(agent.id())) {
            return "Task uses invalid agent: " + task.getAgentId().getValue();
        }
        if (task.hasExecutor()) {
            return "Custom executors are not supported by the local cluster; use a CommandInfo";
        }
        if (!task.hasCommand() || !task.getCommand().hasValue() || task.getCommand().getValue().isBlank()) {
            return "Task has no command";
        }
        if (task.hasContainer()) {
            return "ContainerInfo is not supported by the local cluster";
        }
        return null;
    }
}
