package io.borealis.update.gateway;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How update-service reaches other services ({@code borealis.gateway.*}); same keys as job-service.
 *
 * @param url     base URL of the gateway
 * @param timeout connect and read timeout of one call
 */
@ConfigurationProperties("borealis.gateway")
public record GatewayProperties(
        @DefaultValue("http://127.0.0.1:8080") URI url,
        @DefaultValue("2s") Duration timeout) {
}
