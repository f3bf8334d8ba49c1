package io.borealis.cluster.agent;

import java.nio.file.Path;
import org.apache.mesos.v1.Protos.TaskInfo;

/** Everything a runner needs to start one task on one agent. */
public record TaskLaunch(TaskKey key, String agentId, TaskInfo task, Path sandbox) {
}
