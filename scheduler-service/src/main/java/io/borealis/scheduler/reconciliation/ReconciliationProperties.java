package io.borealis.scheduler.reconciliation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Reconciliation timing.
 *
 * @param implicitInterval how often the master is asked about all our tasks
 * @param explicitRetryMin delay before asking again about tasks an explicit round left unanswered
 * @param explicitRetryMax cap of that delay (it doubles); asking goes on until every task answered
 */
@Validated
@ConfigurationProperties("borealis.reconciliation")
public record ReconciliationProperties(
        @DefaultValue("5m") Duration implicitInterval,
        @DefaultValue("2s") Duration explicitRetryMin,
        @DefaultValue("60s") Duration explicitRetryMax) {
}
