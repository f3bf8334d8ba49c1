package io.borealis.scheduler.mesos;

import io.borealis.api.task.TaskStatus;

/**
 * A task status update. {@code status} is already mapped onto our lifecycle; {@code mesosState},
 * {@code reason} and {@code message} are kept for the task's history. {@code uuid} is null for
 * updates that must not be acknowledged (reconciliation answers, master-made updates).
 */
public record StatusUpdate(
        String taskId,
        String agentId,
        TaskStatus status,
        String mesosState,
        String reason,
        String message,
        String source,
        Boolean healthy,
        byte[] uuid) {

    public boolean needsAck() {
        return uuid != null && uuid.length > 0;
    }

    /** One line for the task's event history. */
    public String describe() {
        StringBuilder text = new StringBuilder(mesosState);
        if (reason != null && !reason.isEmpty()) {
            text.append(" (").append(reason).append(')');
        }
        if (message != null && !message.isEmpty()) {
            text.append(": ").append(message);
        }
        return text.toString();
    }
}
