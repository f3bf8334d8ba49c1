package io.borealis.cluster.agent;

/** A task's identity: Mesos task ids are unique only within their framework. */
public record TaskKey(String frameworkId, String taskId) {
}
