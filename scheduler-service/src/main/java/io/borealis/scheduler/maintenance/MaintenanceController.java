package io.borealis.scheduler.maintenance;

import io.borealis.scheduler.leader.LeaderElection;
import io.borealis.scheduler.leader.NotLeaderException;
import io.borealis.scheduler.mesos.MesosClient;
import io.borealis.scheduler.task.InvalidRequestException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Host maintenance (design §7): drain hosts or end their maintenance; the hosts under maintenance. */
@RestController
@RequestMapping("/api/v1/cluster/maintenance")
class MaintenanceController {

    private final HostModes modes;
    private final Drainer drainer;
    private final LeaderElection leader;
    private final MesosClient mesos;

    MaintenanceController(HostModes modes, Drainer drainer, LeaderElection leader, MesosClient mesos) {
        this.modes = modes;
        this.drainer = drainer;
        this.leader = leader;
        this.mesos = mesos;
    }

    /** 200 with each host's mode now; 400 without hosts or action; 503 not-leader on a standby. */
    @PostMapping
    List<HostModeView> change(@RequestBody MaintenanceRequest request) {
        if (request.action() == null) {
            throw new InvalidRequestException("action", List.of(), "action must be DRAIN or END");
        }
        if (request.hosts() == null || request.hosts().isEmpty()) {
            throw new InvalidRequestException("hosts", List.of(), "hosts must name at least one agent hostname");
        }
        List<String> blank = request.hosts().stream().filter(h -> h == null || h.isBlank()).toList();
        if (!blank.isEmpty()) {
            throw new InvalidRequestException("hosts", blank, "hosts must be agent hostnames, not blank");
        }
        if (!leader.isLeader()) {
            throw new NotLeaderException(leader.self() + " is not the leader: change maintenance on the leader");
        }
        Set<String> hosts = new LinkedHashSet<>(request.hosts());
        switch (request.action()) {
            case DRAIN -> modes.drain(hosts);
            case END -> modes.end(hosts);
        }
        modes.refresh();
        if (request.action() == MaintenanceRequest.Action.END) {
            mesos.revive(); // tasks that waited for these hosts get offers again at once
        }
        drainer.wake();
        return hosts.stream().map(h -> new HostModeView(h, modes.of(h).name())).toList();
    }

    /** The hosts under maintenance, by hostname. */
    @GetMapping
    List<HostModeView> list() {
        return modes.all().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> new HostModeView(e.getKey(), e.getValue().name())).toList();
    }
}
