package io.borealis.scheduler.maintenance;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Host maintenance.
 *
 * @param maxJobShareDown at most this share of one job's instances may be down at once while hosts drain
 *     (at least one instance, so every job can drain)
 * @param drainInterval how often draining hosts are looked at (tasks moved, hosts found DRAINED)
 */
@Validated
@ConfigurationProperties("borealis.maintenance")
public record MaintenanceProperties(
        @DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("1.0") double maxJobShareDown,
        @DefaultValue("1s") Duration drainInterval) {
}
