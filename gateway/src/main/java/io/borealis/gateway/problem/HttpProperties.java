package io.borealis.gateway.problem;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP limits of the front door ({@code borealis.http.*}, the same key job-service reads).
 *
 * @param maxBodySize largest declared request body let through; bigger ones get 413 here, before
 *                    anything is sent on. Keep it equal to the services' own limit: a service that
 *                    refuses a body without reading it closes the connection under the gateway's
 *                    upload, and its 413 is then lost.
 */
@ConfigurationProperties("borealis.http")
public record HttpProperties(@DefaultValue("1MB") DataSize maxBodySize) {
}
