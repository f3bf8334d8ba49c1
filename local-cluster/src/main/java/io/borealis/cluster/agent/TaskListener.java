package io.borealis.cluster.agent;

/** Receives what runners observe about their tasks, in the order they observe it. */
@FunctionalInterface
public interface TaskListener {

    void report(TaskKey key, AgentReport report);
}
