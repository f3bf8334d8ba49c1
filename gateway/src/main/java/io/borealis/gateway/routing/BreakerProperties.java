package io.borealis.gateway.routing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Circuit breakers in front of each service ({@code borealis.breaker.*}).
 *
 * @param callTimeout longest a whole call may take, body included; above the HTTP response timeout,
 *                    so that one fires first with the more precise cause
 * @param slidingWindow how many recent calls the failure rate is computed over
 * @param minimumCalls calls needed in the window before the breaker may open
 * @param failurePercent failure rate (connect errors and timeouts only) that opens the breaker
 * @param openFor how long an open breaker refuses calls before letting a few through again
 */
@Validated
@ConfigurationProperties("borealis.breaker")
public record BreakerProperties(
        @NotNull Duration callTimeout,
        @Min(1) int slidingWindow,
        @Min(1) int minimumCalls,
        @Min(1) @Max(100) int failurePercent,
        @NotNull Duration openFor) {
}
