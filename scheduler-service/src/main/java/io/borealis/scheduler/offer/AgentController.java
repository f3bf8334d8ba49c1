package io.borealis.scheduler.offer;

import io.borealis.api.job.Resources;
import io.borealis.scheduler.maintenance.HostModes;
import io.borealis.scheduler.task.Task;
import io.borealis.scheduler.task.TaskQueries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/cluster/agents}: the agents seen in offers or running our tasks, with usage by our active tasks. */
@RestController
class AgentController {

    private final AgentBook agents;
    private final TaskQueries queries;
    private final HostModes modes;

    AgentController(AgentBook agents, TaskQueries queries, HostModes modes) {
        this.modes = modes;
        this.agents = agents;
        this.queries = queries;
    }

    @GetMapping("/api/v1/cluster/agents")
    List<AgentView> agents() {
        Map<String, Usage> usage = new HashMap<>();
        for (Task task : queries.nonTerminalUnordered()) {
            if (task.agentId() != null && task.status().isActive()) {
                usage.computeIfAbsent(task.agentId(), id -> new Usage(task.hostname())).add(task, queries);
            }
        }
        List<AgentView> views = new ArrayList<>();
        for (AgentBook.Seen seen : agents.all()) {
            Usage used = usage.remove(seen.agentId());
            views.add(new AgentView(seen.agentId(), seen.hostname(), seen.attributes(), modes.of(seen.hostname()).name(), seen.offered(),
                    used == null ? Usage.NONE : used.amounts(), seen.lastOfferAt()));
        }
        usage.forEach((agentId, used) -> views.add(new AgentView(agentId, used.hostname, Map.of(), modes.of(used.hostname).name(), null,
                used.amounts(), null)));
        views.sort(Comparator.comparing(AgentView::hostname, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(AgentView::id));
        return views;
    }

    /** Sums of our active tasks on one agent. */
    private static final class Usage {
        static final AgentView.Amounts NONE = new AgentView.Amounts(0, 0, 0, List.of(), 0);
        private final String hostname;
        private final List<String> ports = new ArrayList<>();
        private double cpus;
        private double mem;
        private double disk;
        private int tasks;

        Usage(String hostname) {
            this.hostname = hostname;
        }

        void add(Task task, TaskQueries queries) {
            Resources resources = LaunchFactory.resources(queries.config(task));
            cpus += LaunchFactory.cpus(resources);
            mem += LaunchFactory.ram(resources);
            disk += LaunchFactory.disk(resources);
            queries.ports(task).values().forEach(p -> ports.add(p.toString()));
            tasks++;
        }

        AgentView.Amounts amounts() {
            return new AgentView.Amounts(cpus, mem, disk, List.copyOf(ports), tasks);
        }
    }
}
