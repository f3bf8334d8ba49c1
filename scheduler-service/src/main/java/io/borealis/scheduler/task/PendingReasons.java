package io.borealis.scheduler.task;

import io.borealis.api.task.TaskView.PendingReason;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Why each pending task found no place in the last offer round (in memory: it is recomputed on every round). */
@Component
public class PendingReasons {

    private final Map<String, List<PendingReason>> reasons = new ConcurrentHashMap<>();

    public void record(String taskId, List<PendingReason> why) {
        reasons.put(taskId, List.copyOf(why));
    }

    public void placed(String taskId) {
        reasons.remove(taskId);
    }

    public List<PendingReason> of(String taskId) {
        return reasons.getOrDefault(taskId, List.of());
    }
}
