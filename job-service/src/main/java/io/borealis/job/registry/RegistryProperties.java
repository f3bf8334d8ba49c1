package io.borealis.job.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The job registry ({@code borealis.registry.*}).
 *
 * @param maxInstances most instances one job may have
 */
@ConfigurationProperties("borealis.registry")
public record RegistryProperties(@DefaultValue("10000") int maxInstances) {
}
