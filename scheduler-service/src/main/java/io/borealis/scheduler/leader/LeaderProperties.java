package io.borealis.scheduler.leader;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Leader election between scheduler-service instances sharing one database.
 *
 * @param id this instance's name in the lease; empty means host name, process id and a random suffix
 * @param lease how long a lease lasts without renewal: a standby takes over this long after the leader stopped
 *              renewing while its process lives on (paused, cut off); a dead leader is replaced at once
 * @param renewInterval how often the leader renews; well below {@code lease}
 * @param probeInterval how often a standby looks for an expired lease or a leader whose process is gone
 */
@Validated
@ConfigurationProperties("borealis.leader")
public record LeaderProperties(
        @DefaultValue("") String id,
        @DefaultValue("5s") Duration lease,
        @DefaultValue("1s") Duration renewInterval,
        @DefaultValue("250ms") Duration probeInterval) {
}
