package io.borealis.scheduler.mesos;

/** A task id and the agent it runs on, as kill and reconcile need them. */
public record TaskRef(String taskId, String agentId) {
}
