package io.borealis.scheduler.task;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The leader's committed tasks in memory, for one leadership term ({@code epoch}): the non-terminal
 * tasks by id and by job, the newest task (terminal or not) of every instance, and the PENDING tasks
 * oldest first. Changed only with committed state ({@link #put}, by one writer at a time, under the
 * state lock); read by anyone (every structure is concurrent). So a round reads what it needs — one
 * job's tasks, the next slice of pending tasks — without scanning or sorting everything.
 */
final class TaskIndex {

    static final Comparator<Task> OLDEST_FIRST = Comparator.comparing(Task::createdAt).thenComparing(Task::taskId);

    /** The term this view belongs to; 0 while it is a standby's copy ({@link WarmView}). */
    private volatile long epoch;
    private final Map<String, Task> live = new ConcurrentHashMap<>();
    private final Map<JobKey, Map<String, Task>> liveByJob = new ConcurrentHashMap<>();
    private final Map<JobKey, Map<Integer, Task>> newestByJob = new ConcurrentHashMap<>();
    private final NavigableSet<Task> pending = new ConcurrentSkipListSet<>(OLDEST_FIRST);
    /** The very objects in {@link #pending} by id (a reloaded copy may carry a truncated creation time). */
    private final Map<String, Task> pendingById = new ConcurrentHashMap<>();
    /** How many non-terminal tasks each job has in each status, kept with every change. */
    private final Map<JobKey, Map<TaskStatus, Integer>> counts = new ConcurrentHashMap<>();

    TaskIndex(long epoch) {
        this.epoch = epoch;
    }

    long epoch() {
        return epoch;
    }

    /** A standby's copy becomes the view of leadership term {@code epoch}. */
    void adopt(long term) {
        this.epoch = term;
    }

    /** A task as committed: replaces what was known of it. */
    void put(Task task) {
        JobKey job = task.job();
        newestByJob.computeIfAbsent(job, j -> new ConcurrentHashMap<>()).merge(task.instance(), task, TaskIndex::newer);
        Task wasPending = pendingById.remove(task.taskId());
        if (wasPending != null) {
            pending.remove(wasPending);
        }
        Task before = live.get(task.taskId());
        if (before != null) {
            count(job, before.status(), -1);
        }
        if (TaskStore.TERMINAL.contains(task.status())) {
            live.remove(task.taskId());
            Map<String, Task> ofJob = liveByJob.get(job);
            if (ofJob != null) {
                ofJob.remove(task.taskId());
                if (ofJob.isEmpty()) {
                    liveByJob.remove(job);
                }
            }
            return;
        }
        live.put(task.taskId(), task);
        count(job, task.status(), 1);
        liveByJob.computeIfAbsent(job, j -> new ConcurrentHashMap<>()).put(task.taskId(), task);
        if (task.status() == TaskStatus.PENDING) {
            pendingById.put(task.taskId(), task);
            pending.add(task);
        }
    }

    /** A newest task whose instance is no longer desired was deleted (pruned): the instance is forgotten. */
    void forget(Task task) {
        Map<Integer, Task> ofJob = newestByJob.get(task.job());
        if (ofJob != null && ofJob.remove(task.instance(), task) && ofJob.isEmpty()) {
            newestByJob.remove(task.job(), ofJob);
        }
    }

    private void count(JobKey job, TaskStatus status, int delta) {
        Map<TaskStatus, Integer> ofJob = counts.computeIfAbsent(job, j -> new ConcurrentHashMap<>());
        ofJob.merge(status, delta, (a, b) -> a + b == 0 ? null : a + b);
        if (ofJob.isEmpty()) {
            counts.remove(job, ofJob);
        }
    }

    /** Each job's non-terminal tasks by status (a copy). */
    Map<JobKey, Map<TaskStatus, Integer>> counts() {
        Map<JobKey, Map<TaskStatus, Integer>> copy = new HashMap<>();
        counts.forEach((job, ofJob) -> {
            if (!ofJob.isEmpty()) {
                copy.put(job, new EnumMap<>(ofJob));
            }
        });
        return copy;
    }

    /** The newer of two tasks of one instance (the same task: as committed last). */
    private static Task newer(Task known, Task committed) {
        return known.taskId().equals(committed.taskId()) || !committed.createdAt().isBefore(known.createdAt())
                ? committed : known;
    }

    /** The non-terminal task with this id, or null. */
    Task live(String taskId) {
        return live.get(taskId);
    }

    Collection<Task> live() {
        return live.values();
    }

    int liveCount() {
        return live.size();
    }

    /** The non-terminal tasks of one job. */
    Collection<Task> liveOf(JobKey job) {
        Map<String, Task> ofJob = liveByJob.get(job);
        return ofJob == null ? List.of() : ofJob.values();
    }

    /** The newest task of each of the job's instances that ever had one. */
    Collection<Task> newestOf(JobKey job) {
        Map<Integer, Task> ofJob = newestByJob.get(job);
        return ofJob == null ? List.of() : ofJob.values();
    }

    /** Every job with a non-terminal task or a remembered newest task. */
    Set<JobKey> jobs() {
        Set<JobKey> jobs = ConcurrentHashMap.newKeySet();
        jobs.addAll(liveByJob.keySet());
        jobs.addAll(newestByJob.keySet());
        return jobs;
    }

    /** Every instance's newest task. */
    List<Task> newest() {
        List<Task> all = new ArrayList<>();
        newestByJob.values().forEach(ofJob -> all.addAll(ofJob.values()));
        return all;
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    int pendingCount() {
        return pending.size();
    }

    /** Up to {@code limit} PENDING tasks, oldest first, starting after {@code after} (null: from the oldest). */
    List<Task> pending(Task after, int limit) {
        List<Task> slice = new ArrayList<>(Math.min(limit, Math.max(16, pending.size())));
        for (Task task : after == null ? pending : pending.tailSet(after, false)) {
            if (slice.size() >= limit) {
                break;
            }
            slice.add(task);
        }
        return slice;
    }
}
