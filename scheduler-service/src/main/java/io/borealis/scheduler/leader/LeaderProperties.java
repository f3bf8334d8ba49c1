package io.borealis.scheduler.leader;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Leader election between scheduler-service instances sharing one database.
 *
 * @param id this instance's name in the lease; empty means host name, process id and a random suffix
 * @param lease how long a lease lasts without renewal; a standby takes over this long after the leader died
 * @param renewInterval how often the leader renews (and a standby tries to take over); well below {@code lease}
 */
@Validated
@ConfigurationProperties("borealis.leader")
public record LeaderProperties(
        @DefaultValue("") String id,
        @DefaultValue("5s") Duration lease,
        @DefaultValue("1s") Duration renewInterval) {
}
