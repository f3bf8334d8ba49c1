package io.borealis.scheduler.offer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Offer handling.
 *
 * @param refuseWhilePending how long Mesos keeps a declined offer from us while tasks still wait
 * @param refuseWhenIdle how long Mesos keeps a declined offer from us when nothing waits
 * @param holdFor how long an offer that no task took is kept (so new tasks are placed on it at once)
 *     before it is declined with one of the filters above
 */
@Validated
@ConfigurationProperties("borealis.offers")
public record OfferProperties(
        @DefaultValue("5s") Duration refuseWhilePending,
        @DefaultValue("60s") Duration refuseWhenIdle,
        @DefaultValue("3s") Duration holdFor) {
}
