package io.borealis.scheduler.task;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.desired.DesiredStateCache;
import io.borealis.scheduler.leader.LeaderElection;
import io.borealis.scheduler.leader.NotLeaderException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Restarts chosen instances (the hook of update-service's rolling restart): each instance's task
 * becomes RESTARTING (committed first), then is killed with its grace period. When it is KILLED the
 * convergence loop replaces it at once with the same config, linked to it, without counting a failure
 * or throttling (a kill is never the task's fault).
 */
@Component
class TaskRestart {

    /** Tasks that run or are about to: these can be restarted. RESTARTING again is accepted (a retried call). */
    private static final Set<TaskStatus> RESTARTABLE = EnumSet.of(TaskStatus.ASSIGNED, TaskStatus.STARTING,
            TaskStatus.RUNNING, TaskStatus.RESTARTING);

    private final TaskStore store;
    private final TaskQueries queries;
    private final TaskKiller killer;
    private final StateLock lock;
    private final DesiredStateCache desired;
    private final LeaderElection leader;

    TaskRestart(TaskStore store, TaskQueries queries, TaskKiller killer, StateLock lock, DesiredStateCache desired, LeaderElection leader) {
        this.queries = queries;
        this.store = store;
        this.killer = killer;
        this.lock = lock;
        this.desired = desired;
        this.leader = leader;
    }

    /**
     * @throws InvalidJobKeyException for a malformed key
     * @throws NotFoundException if the job has no task and is not desired
     * @throws InvalidRequestException naming the instances that have no restartable task
     */
    List<RestartedTask> restart(RestartRequest request) {
        JobKey job = request.job();
        if (job == null) {
            throw new InvalidRequestException("job", List.of(), "job {role, environment, name} is required");
        }
        if (!job.isValid()) {
            throw new InvalidJobKeyException(job);
        }
        if (request.instances() == null || request.instances().isEmpty()) {
            throw new InvalidRequestException("instances", List.of(), "instances must name at least one instance");
        }
        if (!leader.isLeader()) {
            throw new NotLeaderException(leader.self() + " is not the leader: restart on the leader");
        }
        String why = request.message() == null || request.message().isBlank() ? "restart requested"
                : "restart requested: " + request.message();
        return lock.call(() -> {
            List<Task> tasks = queries.ofJob(job);
            if (tasks.isEmpty() && !isDesired(job)) {
                throw new NotFoundException("job", job.path());
            }
            Map<Integer, Task> restartable = tasks.stream().filter(t -> RESTARTABLE.contains(t.status()))
                    .collect(Collectors.toMap(Task::instance, Function.identity(), (a, b) -> a));
            Set<Integer> wanted = new TreeSet<>(request.instances());
            List<Integer> missing = wanted.stream().filter(i -> i == null || !restartable.containsKey(i)).toList();
            if (!missing.isEmpty()) {
                throw new InvalidRequestException("instances", missing, "instances " + missing + " of " + job.path()
                        + " have no running task to restart");
            }
            List<Task> chosen = wanted.stream().map(restartable::get).toList();
            List<Task> toKill = store.markRestarting(chosen.stream().map(Task::taskId).toList(), why);
            toKill.forEach(killer::send);
            List<RestartedTask> restarted = new ArrayList<>();
            chosen.forEach(t -> restarted.add(new RestartedTask(t.instance(), t.taskId())));
            return restarted;
        });
    }

    private boolean isDesired(JobKey job) {
        return desired.job(job).isPresent();
    }
}
