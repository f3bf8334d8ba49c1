package io.borealis.gateway.hooks;

import jakarta.validation.constraints.Min;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * CI webhooks ({@code borealis.hooks.*}).
 *
 * @param providers  each provider's shared secret, by the name in the path ({@code /api/v1/hooks/{name}});
 *                   none configured: every hook is refused as unknown
 * @param deliveries how many delivery ids of started updates are remembered, to answer a redelivery
 *                   without starting the update again
 */
@Validated
@ConfigurationProperties("borealis.hooks")
record HookProperties(
        @DefaultValue Map<String, String> providers,
        @DefaultValue("10000") @Min(1) int deliveries) {
}
