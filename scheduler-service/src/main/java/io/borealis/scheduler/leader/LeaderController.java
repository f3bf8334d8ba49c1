package io.borealis.scheduler.leader;

import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/cluster/leader}: who leads, since when, with which epoch, and who is asking. */
@RestController
class LeaderController {

    /** The answer; {@code self} is the instance that served it, {@code role} its role. */
    record LeaderView(String holder, long epoch, Instant since, Instant expiresAt, String self, String role) {
    }

    private final LeaderElection election;

    LeaderController(LeaderElection election) {
        this.election = election;
    }

    @GetMapping("/api/v1/cluster/leader")
    LeaderView leader() {
        String role = election.isLeader() ? "LEADER" : "STANDBY";
        return election.lease()
                .map(l -> new LeaderView(l.holder().isEmpty() ? null : l.holder(), l.epoch(), l.since(), l.expiresAt(),
                        election.self(), role))
                .orElse(new LeaderView(null, 0, null, null, election.self(), role));
    }
}
