package io.borealis.update.lifecycle;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskEventView;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds scheduler task views for the lifecycle tests. */
final class Tasks {

    static final JobKey JOB = new JobKey("web", "prod", "hello");

    private Tasks() {
    }

    /** A task created at {@code created}, RUNNING from {@code running} (null: never ran), now in {@code status}. */
    static TaskView task(String id, int instance, String version, TaskStatus status, Boolean healthy,
            Instant created, Instant running) {
        List<TaskEventView> events = running == null
                ? List.of(new TaskEventView(created, TaskStatus.PENDING, null, "scheduler"))
                : List.of(new TaskEventView(created, TaskStatus.PENDING, null, "scheduler"),
                        new TaskEventView(running, TaskStatus.RUNNING, null, "agent"));
        return new TaskView(id, JOB, instance, version, status, "agent-1", "host-1", Map.of(), healthy, null, 0,
                events, List.of());
    }
}
