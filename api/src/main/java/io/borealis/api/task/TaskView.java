package io.borealis.api.task;

import io.borealis.api.job.JobKey;
import java.util.List;
import java.util.Map;

/**
 * One task as the scheduler serves it. {@code ancestorId} links a replacement to the task it
 * replaced; {@code pendingReasons} says why a PENDING task has no place yet (empty otherwise).
 */
public record TaskView(
        String taskId,
        JobKey job,
        int instance,
        String configVersion,
        TaskStatus status,
        String agentId,
        String host,
        Map<String, Integer> ports,
        Boolean healthy,
        String ancestorId,
        int failureCount,
        List<TaskEventView> events,
        List<PendingReason> pendingReasons) {

    /** A reason placement was refused, with how many agents refused for it and whether it can clear by itself. */
    public record PendingReason(String reason, int agents, boolean transientReason) {
    }
}
