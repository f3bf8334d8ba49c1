package io.borealis.update.rollout;

import io.borealis.api.task.TaskChangeEvent;
import io.borealis.api.task.TaskStatus;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.stereotype.Component;

/**
 * Tasks of jobs under update that ended on their own (task events: FAILED, LOST, FINISHED) since
 * each update's round last observed its tasks. A round setting a batch's configs, one call per
 * instance, stops as soon as one of them is a task of an instance it just set to that version: the
 * failure is judged at once (it may cross the threshold and start the rollback) instead of after
 * the rest of the batch's calls, which the next round makes (level-triggered, as after a crash
 * between recording a step and acting on it). KILLED is left out: setting configs kills tasks.
 */
@Component
class TaskEndings {

    private final Map<UUID, Queue<TaskChangeEvent>> ended = new ConcurrentHashMap<>();

    /** A task of the update's job changed; kept if it ended on its own. */
    void changed(UUID update, TaskChangeEvent event) {
        if (event.status().isTerminal() && event.status() != TaskStatus.KILLED) {
            ended.computeIfAbsent(update, u -> new ConcurrentLinkedQueue<>()).add(event);
        }
    }

    /** The update's round is observing its tasks now: what ended before is in that observation. */
    void observing(UUID update) {
        ended.remove(update);
    }

    /** Forgets every update but these (the active ones). */
    void retain(java.util.Collection<UUID> updates) {
        ended.keySet().retainAll(updates);
    }

    /** Whether a task of one of these in-flight instances, of the version it is set to, ended since the round observed. */
    boolean endedOnTarget(UUID update, Map<Integer, String> targets) {
        Queue<TaskChangeEvent> events = ended.get(update);
        return events != null && events.stream().anyMatch(e -> e.configVersion() != null
                && e.configVersion().equals(targets.get(e.instance())));
    }
}
