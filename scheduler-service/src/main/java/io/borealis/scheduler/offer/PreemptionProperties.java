package io.borealis.scheduler.offer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Preemption.
 *
 * @param enabled whether pending production tasks of the {@code preferred} tier may preempt
 *     lower-priority {@code preemptible}/{@code revocable} tasks of other jobs
 * @param interval at most one preemption round per interval; a task must also have waited this long
 *     PENDING (offers had their chance) before anyone is preempted for it
 */
@Validated
@ConfigurationProperties("borealis.preemption")
public record PreemptionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration interval) {
}
