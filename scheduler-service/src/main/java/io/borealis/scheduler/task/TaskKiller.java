package io.borealis.scheduler.task;

import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.mesos.MesosClient;
import io.borealis.scheduler.mesos.TaskRef;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Kills a task: a task that never reached an agent is simply KILLED; any other is first recorded
 * as KILLING (committed), then Mesos is asked, once the state lock is released if the caller holds
 * it. Kills that go unanswered are sent again.
 */
@Component
public class TaskKiller {

    private final TaskStore store;
    private final TaskQueries queries;
    private final MesosClient mesos;
    private final TaskProperties properties;
    private final StateLock lock;
    private final Map<String, Instant> sent = new ConcurrentHashMap<>();

    TaskKiller(TaskStore store, TaskQueries queries, MesosClient mesos, TaskProperties properties, StateLock lock) {
        this.lock = lock;
        this.queries = queries;
        this.store = store;
        this.mesos = mesos;
        this.properties = properties;
    }

    public void kill(Task task, String why) {
        stop(task, TaskStatus.KILLING, why, "scheduler");
    }

    /** Moves a task off a host under maintenance: DRAINING (committed), then KILL; it is replaced elsewhere. */
    public void drain(Task task, String why) {
        stop(task, TaskStatus.DRAINING, why, "maintenance");
    }

    private void stop(Task task, TaskStatus via, String why, String source) {
        if (task.agentId() == null) {
            store.apply(task.taskId(), TaskStatus.KILLED, why, source, null);
            return;
        }
        store.apply(task.taskId(), via, why, source, null)
                .filter(applied -> applied.outcome().has(TaskLifecycle.SideEffect.Kill.class))
                .ifPresent(applied -> send(applied.task()));
    }

    /** Sends the kill for a task already recorded as being killed. */
    public void send(Task task) {
        sent.put(task.taskId(), Instant.now());
        TaskRef ref = new TaskRef(task.taskId(), task.agentId());
        Integer grace = grace(task);
        lock.afterRelease(() -> mesos.kill(ref, grace));
    }

    /** Sends the kill again if the last one is older than {@code killRetry}. */
    void retryIfStale(Task task) {
        Instant last = sent.get(task.taskId());
        if (last == null || last.plus(properties.killRetry()).isBefore(Instant.now())) {
            send(task);
        }
    }

    void forget(String taskId) {
        sent.remove(taskId);
    }

    private Integer grace(Task task) {
        return queries.config(task).killGracePeriodSecs();
    }
}
