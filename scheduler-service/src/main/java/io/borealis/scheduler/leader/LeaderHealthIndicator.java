package io.borealis.scheduler.leader;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} component "leader": UP either way, with role LEADER or STANDBY, epoch and holder. */
@Component("leader")
class LeaderHealthIndicator implements HealthIndicator {

    private final LeaderElection election;

    LeaderHealthIndicator(LeaderElection election) {
        this.election = election;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up()
                .withDetail("role", election.isLeader() ? "LEADER" : "STANDBY")
                .withDetail("self", election.self());
        election.lease().ifPresent(lease -> health.withDetail("holder", lease.holder()).withDetail("epoch", lease.epoch()));
        return health.build();
    }
}
