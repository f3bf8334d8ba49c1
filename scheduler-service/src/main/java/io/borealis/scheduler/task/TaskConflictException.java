package io.borealis.scheduler.task;

/** An operator call that does not fit the task's state (e.g. unthrottling a task that is not THROTTLED): 409 problem. */
public class TaskConflictException extends RuntimeException {

    private final String taskId;

    public TaskConflictException(String taskId, String message) {
        super(message);
        this.taskId = taskId;
    }

    public String taskId() {
        return taskId;
    }
}
