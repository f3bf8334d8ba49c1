package io.borealis.scheduler.task;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskEventView;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Reads tasks as the API serves them ({@link TaskView}); never hands out entities. */
@Component
class TaskViews {

    private final TaskQueries queries;
    private final Tasks tasks;
    private final PendingReasons pendingReasons;
    private final TaskProperties properties;

    TaskViews(TaskQueries queries, Tasks tasks, PendingReasons pendingReasons, TaskProperties properties) {
        this.queries = queries;
        this.tasks = tasks;
        this.pendingReasons = pendingReasons;
        this.properties = properties;
    }

    Optional<TaskView> task(String taskId) {
        return queries.find(taskId).map(task -> view(task, queries.history(List.of(taskId))));
    }

    /** Active tasks and the most recent terminal ones of a job, newest first; empty if it never had a task. */
    List<TaskView> ofJob(JobKey job) {
        List<Task> shown = new ArrayList<>();
        int terminal = 0;
        for (Task task : queries.ofJob(job)) {
            if (!task.status().isTerminal()) {
                shown.add(task);
            } else if (terminal++ < properties.recentTerminal()) {
                shown.add(task);
            }
        }
        return views(shown);
    }

    /**
     * The tasks of some instances of a job, newest first: every active one and, per instance, its
     * most recent terminal ones. What a caller watching a few instances (update-service's in-flight
     * ones) needs, without the rest of a large job.
     */
    List<TaskView> ofInstances(JobKey job, Collection<Integer> instances) {
        Set<Integer> wanted = instances.stream().filter(Objects::nonNull).collect(Collectors.toSet());
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<Task> shown = new ArrayList<>();
        Map<Integer, Integer> terminal = new HashMap<>();
        for (Task task : tasks.findByRoleAndEnvironmentAndJobNameAndInstanceInOrderByCreatedAtDesc(job.role(),
                job.environment(), job.name(), wanted)) {
            if (!task.status().isTerminal()
                    || terminal.merge(task.instance(), 1, Integer::sum) <= properties.recentTerminal()) {
                shown.add(task);
            }
        }
        return views(shown);
    }

    private List<TaskView> views(List<Task> shown) {
        Map<String, List<TaskEvent>> events = queries.history(shown.stream().map(Task::taskId).toList())
                .stream().collect(Collectors.groupingBy(TaskEvent::taskId));
        return shown.stream()
                .sorted(Comparator.comparing(Task::createdAt).reversed())
                .map(task -> view(task, events.getOrDefault(task.taskId(), List.of())))
                .toList();
    }

    /** "role/env/name" → status → count, of non-terminal tasks. */
    Map<String, Map<String, Integer>> counts() {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        queries.counts().forEach((job, ofJob) -> {
            Map<String, Integer> byName = new LinkedHashMap<>();
            ofJob.forEach((status, count) -> byName.put(status.name(), count));
            counts.put(job.path(), byName);
        });
        return counts;
    }

    private TaskView view(Task task, List<TaskEvent> events) {
        return new TaskView(task.taskId(), task.job(), task.instance(), task.configVersion(), task.status(),
                task.agentId(), task.hostname(), queries.ports(task), task.healthy(), task.ancestorId(),
                task.failureCount(),
                events.stream().map(e -> new TaskEventView(e.at(), e.status(), e.message(), e.source())).toList(),
                reasons(task));
    }

    private List<TaskView.PendingReason> reasons(Task task) {
        return switch (task.status()) {
            case PENDING -> pendingReasons.of(task.taskId());
            case THROTTLED -> List.of(new TaskView.PendingReason("THROTTLED", 0, true));
            default -> List.of();
        };
    }
}
