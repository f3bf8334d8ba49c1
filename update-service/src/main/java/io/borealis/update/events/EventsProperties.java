package io.borealis.update.events;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The update event stream ({@code borealis.events.*}, the keys job-service and scheduler-service use
 * for their own streams).
 *
 * @param pollInterval  how often the table is polled for events to push, while anyone is subscribed
 * @param heartbeat     how often an idle stream gets a comment, so proxies and clients see it alive
 * @param streamTimeout how long one SSE response lasts before the client must reconnect (with Last-Event-ID)
 * @param batchSize     events read per query
 */
@Validated
@ConfigurationProperties("borealis.events")
record EventsProperties(
        @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("30m") Duration streamTimeout,
        @DefaultValue("500") @Min(1) int batchSize) {
}
