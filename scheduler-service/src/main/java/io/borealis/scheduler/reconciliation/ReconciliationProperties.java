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
 * @param partitionTimeout how long a task may stay PARTITIONED (its agent unreachable) before it is
 *     presumed LOST and replaced; should it come back after that, it is killed
 */
@Validated
@ConfigurationProperties("borealis.reconciliation")
public record ReconciliationProperties(
        @DefaultValue("5m") Duration implicitInterval,
        @DefaultValue("2s") Duration explicitRetryMin,
        @DefaultValue("60s") Duration explicitRetryMax,
        @DefaultValue("60s") Duration partitionTimeout) {
}
