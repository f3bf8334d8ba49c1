package io.borealis.scheduler.offer;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Offer handling.
 *
 * @param refuseWhilePending how long Mesos keeps a declined offer from us while tasks still wait
 * @param refuseWhenIdle how long Mesos keeps a declined offer from us when nothing waits
 * @param holdFor how long an offer that no task took is kept (so new tasks are placed on it at once;
 *     Aurora holds offers 5 minutes too)
 *     before it is declined with one of the filters above
 * @param tasksPerRound at most this many pending tasks (oldest first) in one placement round, so a
 *     round holds the state lock for a bounded time; the next slice follows in the next round at once
 */
@Validated
@ConfigurationProperties("borealis.offers")
public record OfferProperties(
        @DefaultValue("5s") Duration refuseWhilePending,
        @DefaultValue("60s") Duration refuseWhenIdle,
        @DefaultValue("5m") Duration holdFor,
        @DefaultValue("5000") @Min(1) int tasksPerRound) {
}
