package io.borealis.job.registry;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How job-service reaches other services ({@code borealis.gateway.*}): only through the gateway.
 *
 * @param url     base URL of the gateway
 * @param timeout connect and read timeout of one call (the job list must stay fast when the scheduler is down)
 */
@ConfigurationProperties("borealis.gateway")
public record GatewayProperties(
        @DefaultValue("http://127.0.0.1:8080") URI url,
        @DefaultValue("2s") Duration timeout) {
}
