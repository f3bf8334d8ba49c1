package io.borealis.update.rollout;

import io.borealis.api.task.TaskChangeEvent;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.stereotype.Component;

/**
 * Tasks of jobs under update that ended (task events) since each update's round last observed its
 * tasks. A round setting a batch's configs, one call per instance, stops as soon as one of them is
 * a task of an instance it just set to that version: the failure is judged at once (it may cross
 * the threshold and start the rollback) instead of after the rest of the batch's calls, which the
 * next round makes (level-triggered, as after a crash between recording a step and acting on it).
 */
@Component
class TaskEndings {

    private final Map<UUID, Queue<TaskChangeEvent>> ended = new ConcurrentHashMap<>();

    /** A task of the update's job ended (any terminal status: each is a failure of a step that targets its version). */
    void ended(UUID update, TaskChangeEvent event) {
        ended.computeIfAbsent(update, u -> new ConcurrentLinkedQueue<>()).add(event);
    }

    /** The update's round is observing its tasks now: what ended before is in that observation. */
    void observing(UUID update) {
        ended.remove(update);
    }

    /** Whether a task of one of these in-flight instances, of the version it is set to, ended since the round observed. */
    boolean endedOnTarget(UUID update, Map<Integer, String> targets) {
        Queue<TaskChangeEvent> events = ended.get(update);
        return events != null && events.stream().anyMatch(e -> e.configVersion() != null
                && e.configVersion().equals(targets.get(e.instance())));
    }
}
