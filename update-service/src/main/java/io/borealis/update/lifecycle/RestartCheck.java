package io.borealis.update.lifecycle;

import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import java.util.List;

/**
 * Whether a restart step must (still) ask the scheduler to restart an instance. The step is
 * recorded first, with the task it replaces; the call may then be lost in a crash after the
 * scheduler acted. So it is re-sent only while nothing shows it was made: no replacement task
 * recorded, the replaced task still alive and not being killed, and no newer task of the instance
 * (one created since the step started). An instance is never restarted twice by one step.
 */
public final class RestartCheck {

    private RestartCheck() {
    }

    public static boolean needsCall(InstanceState instance, List<TaskView> tasks) {
        if (instance.replacementTask() != null) {
            return false;
        }
        String replaced = instance.replacedTask();
        for (TaskView task : tasks) {
            boolean isReplaced = task.taskId().equals(replaced);
            if (isReplaced && (task.status().isTerminal() || task.status() == TaskStatus.KILLING
                    || task.status() == TaskStatus.RESTARTING)) {
                return false;
            }
            if (!isReplaced && !InstanceWatch.created(task).isBefore(instance.stepStartedAt())) {
                return false;
            }
        }
        // no live task was there when the step started: the scheduler is bringing one up already
        return replaced != null;
    }
}
