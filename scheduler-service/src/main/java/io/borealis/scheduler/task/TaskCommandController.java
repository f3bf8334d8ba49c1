package io.borealis.scheduler.task;

import io.borealis.api.task.TaskView;
import io.borealis.scheduler.mesos.MesosClient;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operator calls on one task. Served by the leader only (a standby answers 503 not-leader). */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskCommandController {

    private final TaskStore store;
    private final StateLock lock;
    private final MesosClient mesos;
    private final TaskViews views;

    private final TaskRestart restart;
    private final ApplicationEventPublisher publisher;

    TaskCommandController(TaskStore store, StateLock lock, MesosClient mesos, TaskViews views, TaskRestart restart,
                          ApplicationEventPublisher publisher) {
        this.restart = restart;
        this.publisher = publisher;
        this.store = store;
        this.lock = lock;
        this.mesos = mesos;
        this.views = views;
    }

    /**
     * Restarts instances of a job with the same config (update-service's rolling restart): 200 with the
     * task being restarted per instance; 404 unknown job; 400 naming instances without a running task.
     */
    @PostMapping("/restart")
    List<RestartedTask> restart(@RequestBody RestartRequest request) {
        return restart.restart(request);
    }

    /** A THROTTLED task (flapping instance) becomes PENDING now, its penalty forgiven; 409 if it is not THROTTLED. */
    @PostMapping("/{taskId}/unthrottle")
    TaskView unthrottle(@PathVariable String taskId) {
        lock.call(() -> store.unthrottle(taskId));
        mesos.revive();
        publisher.publishEvent(new TasksPending()); // placed on held offers at once
        return views.task(taskId).orElseThrow(() -> new NotFoundException("task", taskId));
    }
}
