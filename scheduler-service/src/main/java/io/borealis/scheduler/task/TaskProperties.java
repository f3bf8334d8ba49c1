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
 * @param transientTimeout how long a task may stay STARTING, or KILLING / RESTARTING / PREEMPTING /
 *     DRAINING (plus its kill grace period), with no change before it is asked about and then
 *     presumed LOST (as Aurora's transient-state timeout)
 * @param flappingThreshold a task that fails (or, for a service, finishes) sooner than this after it
 *     started running makes its instance flapping: the replacement waits THROTTLED
 * @param throttleInitial the first delay of a flapping instance's replacement
 * @param throttleMax the cap of that delay, which doubles on every further quick death
 * @param standbyFollowInterval how often a standby brings its copy of the tasks up to date (a warm
 *     standby: elected, it has them in memory already); zero turns the copy off
 */
@Validated
@ConfigurationProperties("borealis.tasks")
public record TaskProperties(
        @DefaultValue("5s") Duration convergenceInterval,
        @DefaultValue("15s") Duration killRetry,
        @DefaultValue("20") @Min(0) int recentTerminal,
        @DefaultValue("60s") Duration assignedTimeout,
        @DefaultValue("5m") Duration transientTimeout,
        @DefaultValue("10s") Duration flappingThreshold,
        @DefaultValue("1s") Duration throttleInitial,
        @DefaultValue("60s") Duration throttleMax,
        @DefaultValue("1s") Duration standbyFollowInterval,
        @DefaultValue("2d") Duration historyRetention,
        @DefaultValue("10") @Min(0) int historyPerInstance,
        @DefaultValue("5m") Duration historyPruneInterval) {

    FlappingPolicy flapping() {
        return new FlappingPolicy(flappingThreshold, throttleInitial, throttleMax);
    }
}
