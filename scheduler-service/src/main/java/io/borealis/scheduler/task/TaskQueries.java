package io.borealis.scheduler.task;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.mesos.TaskRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every read of tasks: from the {@link LeaderView} in memory while this instance leads, from the
 * database on a standby. Writes go through {@link TaskStore}.
 */
@Component
public class TaskQueries {

    private static final TypeReference<LinkedHashMap<String, Integer>> PORTS = new TypeReference<>() { };
    private static final int CONFIG_CACHE = 4096;

    private final Tasks tasks;
    private final TaskEvents events;
    private final JsonMapper json;
    private final LeaderView leader;
    private final TaskRows rows;
    /** Parsed configs by their JSON text: the tasks of one job version share one. */
    private final Map<String, TaskConfig> configs = new ConcurrentHashMap<>();

    TaskQueries(Tasks tasks, TaskEvents events, JsonMapper json, LeaderView leader, JdbcTemplate jdbc) {
        this.tasks = tasks;
        this.events = events;
        this.json = json;
        this.leader = leader;
        this.rows = new TaskRows(jdbc);
    }

    @Transactional(readOnly = true)
    public Optional<Task> find(String taskId) {
        return tasks.findById(taskId);
    }

    /** The non-terminal tasks, oldest first: from memory on the leader. */
    public List<Task> nonTerminal() {
        TaskIndex view = leader.get();
        if (view == null) {
            return tasks.findByStatusNotInOrderByCreatedAt(TaskStore.TERMINAL);
        }
        List<Task> all = new ArrayList<>(view.live());
        all.sort(TaskIndex.OLDEST_FIRST);
        return all;
    }

    /** The non-terminal tasks in no order (cheaper than {@link #nonTerminal()} where order does not matter). */
    public Collection<Task> nonTerminalUnordered() {
        TaskIndex view = leader.get();
        return view == null ? tasks.findByStatusNotInOrderByCreatedAt(TaskStore.TERMINAL) : List.copyOf(view.live());
    }

    /** The non-terminal tasks of one job, in no order: from memory on the leader. */
    public Collection<Task> nonTerminalOf(JobKey job) {
        TaskIndex view = leader.get();
        if (view == null) {
            return ofJob(job).stream().filter(t -> !TaskStore.TERMINAL.contains(t.status())).toList();
        }
        return List.copyOf(view.liveOf(job));
    }

    /** The newest task of each instance of one job: from memory on the leader. */
    public Collection<Task> newestOf(JobKey job) {
        TaskIndex view = leader.get();
        if (view == null) {
            Map<Integer, Task> newest = new HashMap<>();
            ofJob(job).forEach(t -> newest.putIfAbsent(t.instance(), t));
            return newest.values();
        }
        return List.copyOf(view.newestOf(job));
    }

    /** Every job that has tasks: non-terminal ones, or a newest one of an instance. */
    public Set<JobKey> jobsWithTasks() {
        TaskIndex view = leader.get();
        if (view != null) {
            return view.jobs();
        }
        Set<JobKey> jobs = new HashSet<>();
        tasks.newestPerInstance().forEach(t -> jobs.add(t.job()));
        return jobs;
    }

    @Transactional(readOnly = true)
    public List<Task> throttled() {
        return tasks.findByStatusOrderByCreatedAt(TaskStatus.THROTTLED);
    }

    /** The PENDING tasks, oldest first: from memory on the leader. */
    public List<Task> pending() {
        return pending(null, Integer.MAX_VALUE);
    }

    /** Up to {@code limit} PENDING tasks, oldest first, after {@code after} (null: from the oldest). */
    public List<Task> pending(Task after, int limit) {
        TaskIndex view = leader.get();
        if (view != null) {
            return view.pending(after, limit);
        }
        List<Task> all = tasks.findByStatusOrderByCreatedAt(TaskStatus.PENDING);
        return after == null ? all.subList(0, Math.min(limit, all.size()))
                : all.stream().filter(t -> TaskIndex.OLDEST_FIRST.compare(t, after) > 0).limit(limit).toList();
    }

    /** How many tasks are PENDING. */
    public int pendingCount() {
        TaskIndex view = leader.get();
        return view == null ? tasks.findByStatusOrderByCreatedAt(TaskStatus.PENDING).size() : view.pendingCount();
    }

    /**
     * Every non-terminal task that was placed on an agent, as (task, agent): from the leader's view
     * when it is loaded or can be taken from the standby's warm copy, otherwise straight from the
     * database without loading (or waiting for) the view, so that a new leader can ask Mesos about its
     * tasks while its view still loads.
     */
    public List<TaskRef> placedTasks() {
        TaskIndex view = leader.ifLoadedOrWarm();
        if (view != null) {
            return view.live().stream().filter(t -> t.agentId() != null)
                    .map(t -> new TaskRef(t.taskId(), t.agentId())).toList();
        }
        return rows.placed(TaskStore.TERMINAL);
    }

    /**
     * Of these task ids, those that may have ended in our records: on the leader with its view loaded,
     * the ones not live in it (ended, or never ours); otherwise all of them (the caller reads the database).
     */
    public List<String> notKnownLive(Collection<String> taskIds) {
        TaskIndex view = leader.ifLoaded();
        if (view == null) {
            return List.copyOf(taskIds);
        }
        return taskIds.stream().filter(id -> view.live(id) == null).toList();
    }

    /** Each job's non-terminal tasks by status: from memory on the leader (kept with every change). */
    public Map<JobKey, Map<TaskStatus, Integer>> counts() {
        TaskIndex view = leader.get();
        if (view != null) {
            return view.counts();
        }
        Map<JobKey, Map<TaskStatus, Integer>> counts = new HashMap<>();
        for (Task task : tasks.findByStatusNotInOrderByCreatedAt(TaskStore.TERMINAL)) {
            counts.computeIfAbsent(task.job(), j -> new EnumMap<>(TaskStatus.class))
                    .merge(task.status(), 1, Integer::sum);
        }
        return counts;
    }

    /** The newest task of every instance: from memory on the leader. */
    public List<Task> newestPerInstance() {
        TaskIndex view = leader.get();
        return view == null ? tasks.newestPerInstance() : view.newest();
    }

    /** Every task of one job, ended ones too, newest first: from the database. */
    @Transactional(readOnly = true)
    public List<Task> ofJob(JobKey job) {
        return tasks.findByRoleAndEnvironmentAndJobNameOrderByCreatedAtDesc(job.role(), job.environment(), job.name());
    }

    @Transactional(readOnly = true)
    public List<TaskEvent> history(List<String> taskIds) {
        return events.findByTaskIdInOrderByIdAsc(taskIds);
    }

    /** The task's config, parsed once per distinct JSON text. */
    public TaskConfig config(Task task) {
        String text = task.configJson();
        TaskConfig config = configs.get(text);
        if (config == null) {
            if (configs.size() >= CONFIG_CACHE) {
                configs.clear();
            }
            config = json.readValue(text, TaskConfig.class);
            configs.put(text, config);
        }
        return config;
    }

    public Map<String, Integer> ports(Task task) {
        return task.portsJson() == null ? Map.of() : json.readValue(task.portsJson(), PORTS);
    }
}
