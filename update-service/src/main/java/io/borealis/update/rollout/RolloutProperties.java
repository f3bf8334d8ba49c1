package io.borealis.update.rollout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the update driver runs ({@code borealis.rollout.*}).
 *
 * @param tick             how often every active update is re-read and advanced (also the delay before the first round)
 * @param taskEventsRetry  the pause before following the scheduler's task events again after the stream broke
 */
@ConfigurationProperties("borealis.rollout")
public record RolloutProperties(
        @DefaultValue("500ms") Duration tick,
        @DefaultValue("1s") Duration taskEventsRetry) {
}
