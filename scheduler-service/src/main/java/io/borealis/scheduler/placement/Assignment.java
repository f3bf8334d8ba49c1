package io.borealis.scheduler.placement;

import java.util.Map;

/** A decision: this task goes on this offer with these ports (name → port, in the task's declared order). */
public record Assignment(String taskId, String offerId, String agentId, String hostname,
                         Map<String, String> attributes, Map<String, Integer> ports) {
}
