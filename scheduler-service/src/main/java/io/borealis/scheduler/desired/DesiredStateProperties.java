package io.borealis.scheduler.desired;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how often desired state is read.
 *
 * @param url the gateway's base URL (the only way to reach job-service)
 * @param pollInterval full re-read interval, whether or not events arrive
 * @param eventsRetry delay before reconnecting the job event stream after it broke
 * @param requestTimeout timeout of one desired-state read
 */
@Validated
@ConfigurationProperties("borealis.gateway")
public record DesiredStateProperties(
        @DefaultValue("http://127.0.0.1:8080") @NotNull URI url,
        @DefaultValue("3s") Duration pollInterval,
        @DefaultValue("2s") Duration eventsRetry,
        @DefaultValue("5s") Duration requestTimeout) {
}
