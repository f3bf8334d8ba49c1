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
 */
@Validated
@ConfigurationProperties("borealis.offers")
public record OfferProperties(
        @DefaultValue("5s") Duration refuseWhilePending,
        @DefaultValue("60s") Duration refuseWhenIdle) {
}
