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
 * @param pollInterval full re-read interval while the job event stream is down (while it is up,
 *        each event re-reads only its job)
 * @param resyncInterval full re-read interval even while the event stream is up (a safety net:
 *        correctness never depends on receiving every event)
 * @param eventsRetry delay before reconnecting the job event stream after it broke
 * @param requestTimeout timeout of one desired-state read
 */
@Validated
@ConfigurationProperties("borealis.gateway")
public record DesiredStateProperties(
        @DefaultValue("http://127.0.0.1:8080") @NotNull URI url,
        @DefaultValue("3s") Duration pollInterval,
        @DefaultValue("60s") Duration resyncInterval,
        @DefaultValue("2s") Duration eventsRetry,
        @DefaultValue("5s") Duration requestTimeout) {
}
