package io.borealis.job.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The job event stream ({@code borealis.events.*}).
 *
 * @param pollInterval  how often the outbox is polled for events to push to subscribers
 * @param heartbeat     how often an idle stream gets a comment, so proxies and clients see it alive
 * @param streamTimeout how long one SSE response lasts before the client must reconnect (with Last-Event-ID)
 * @param batchSize     events read from the outbox per query
 */
@ConfigurationProperties("borealis.events")
public record EventsProperties(
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("30m") Duration streamTimeout,
        @DefaultValue("500") int batchSize) {
}
