package io.borealis.scheduler.task;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskView;
import io.borealis.scheduler.desired.DesiredStateCache;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read-only task API (design §7): a job's tasks, one task with its history, counts by status. */
@RestController
@RequestMapping("/api/v1")
class TaskQueryController {

    private final TaskViews views;
    private final DesiredStateCache desired;

    TaskQueryController(TaskViews views, DesiredStateCache desired) {
        this.views = views;
        this.desired = desired;
    }

    /**
     * A job's tasks; with {@code ?instances=0,4,7} only those instances' (each with its recent
     * terminal ones). 404 when there is none and the job is not desired.
     */
    @GetMapping("/jobs/{role}/{environment}/{name}/tasks")
    List<TaskView> jobTasks(@PathVariable String role, @PathVariable String environment, @PathVariable String name,
            @RequestParam(name = "instances", required = false) List<Integer> instances) {
        JobKey job = new JobKey(role, environment, name);
        if (!job.isValid()) {
            throw new InvalidJobKeyException(job);
        }
        List<TaskView> tasks = instances == null ? views.ofJob(job) : views.ofInstances(job, instances);
        if (tasks.isEmpty() && !isDesired(job)) {
            throw new NotFoundException("job", job.path());
        }
        return tasks;
    }

    @GetMapping("/tasks/{taskId}")
    TaskView task(@PathVariable String taskId) {
        return views.task(taskId).orElseThrow(() -> new NotFoundException("task", taskId));
    }

    @GetMapping("/tasks/counts")
    Map<String, Map<String, Integer>> counts() {
        return views.counts();
    }

    private boolean isDesired(JobKey job) {
        return desired.job(job).isPresent();
    }
}
