package io.borealis.cluster.master;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.borealis.cluster.agent.Agent;
import io.borealis.cluster.agent.ResourceSet;
import io.borealis.cluster.agent.TaskRunner;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A Mesos-style view of the master ({@code GET /master/state}), copied under the master's lock. */
public record MasterState(List<AgentView> agents, List<FrameworkView> frameworks) {

    public record Resources(double cpus, double mem, double disk, String ports) {
        static Resources of(ResourceSet set) {
            return new Resources(set.cpus(), set.mem(), set.disk(), set.ports().toString());
        }
    }

    public record AgentView(String id, String hostname, Map<String, String> attributes, Resources resources,
            @JsonProperty("used_resources") Resources usedResources,
            @JsonProperty("offered_resources") Resources offeredResources, boolean active) {
    }

    /** @param pid process id while the task has a process, else null */
    public record TaskView(String id, String name, String state, @JsonProperty("agent_id") String agentId,
            Long pid, Boolean healthy) {
    }

    public record FrameworkView(String id, String name, boolean active, List<TaskView> tasks,
            @JsonProperty("completed_tasks") List<TaskView> completedTasks) {
    }

    static MasterState of(List<Agent> agents, Collection<Framework> frameworks, List<TaskRecord> completed,
            TaskRunner runner) {
        List<AgentView> agentViews = agents.stream().map(a -> new AgentView(a.id(), a.hostname(), a.attributes(),
                Resources.of(a.total()), Resources.of(a.used()), Resources.of(a.offered()), a.active())).toList();
        List<FrameworkView> frameworkViews = frameworks.stream().map(f -> new FrameworkView(f.id, f.info.getName(),
                f.connected(), f.tasks.values().stream().map(t -> view(t, runner)).toList(),
                completed.stream().filter(t -> t.key.frameworkId().equals(f.id)).map(t -> view(t, null)).toList()))
                .toList();
        return new MasterState(agentViews, frameworkViews);
    }

    private static TaskView view(TaskRecord task, TaskRunner runner) {
        var pid = runner == null ? java.util.OptionalLong.empty() : runner.pid(task.key);
        return new TaskView(task.key.taskId(), task.info.getName(), task.state().name(), task.agent.id(),
                pid.isPresent() ? pid.getAsLong() : null, task.latest.hasHealthy() ? task.latest.getHealthy() : null);
    }

    /** Every task the master knows (not the completed ones). */
    public List<TaskView> allTasks() {
        return frameworks.stream().flatMap(f -> f.tasks().stream()).toList();
    }
}
