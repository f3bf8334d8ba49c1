package io.borealis.scheduler.task;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Task keeping.
 *
 * @param convergenceInterval how often desired and actual state are compared even without a trigger
 * @param killRetry how long a kill may go unanswered before it is sent again
 * @param recentTerminal how many terminal tasks per job the task list shows beside the active ones
 * @param assignedTimeout how long a launched task may stay ASSIGNED without any word from Mesos
 *     before it is presumed LOST (the launch went missing) and replaced
 */
@Validated
@ConfigurationProperties("borealis.tasks")
public record TaskProperties(
        @DefaultValue("2s") Duration convergenceInterval,
        @DefaultValue("15s") Duration killRetry,
        @DefaultValue("20") @Min(0) int recentTerminal,
        @DefaultValue("60s") Duration assignedTimeout) {
}
