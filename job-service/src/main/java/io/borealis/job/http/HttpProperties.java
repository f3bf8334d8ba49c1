package io.borealis.job.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the HTTP edge ({@code borealis.http.*}).
 *
 * @param maxBodySize largest request body accepted; bigger ones get 413 before they are read
 */
@ConfigurationProperties("borealis.http")
public record HttpProperties(@DefaultValue("1MB") DataSize maxBodySize) {
}
