package io.borealis.cluster.agent;

import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * What an agent says about a task; the master adds ids, timestamp and uuid to make a TaskStatus.
 *
 * @param reason null when there is none
 * @param message null when there is none
 * @param healthy null when no health check has an opinion
 */
public record AgentReport(TaskState state, TaskStatus.Source source, TaskStatus.Reason reason, String message,
        Boolean healthy) {

    public static AgentReport of(TaskState state, String message) {
        return new AgentReport(state, TaskStatus.Source.SOURCE_EXECUTOR, null, message, null);
    }

    public AgentReport withReason(TaskStatus.Reason newReason) {
        return new AgentReport(state, source, newReason, message, healthy);
    }

    public AgentReport withSource(TaskStatus.Source newSource) {
        return new AgentReport(state, newSource, reason, message, healthy);
    }

    public AgentReport withHealthy(Boolean newHealthy) {
        return new AgentReport(state, source, reason, message, newHealthy);
    }
}
