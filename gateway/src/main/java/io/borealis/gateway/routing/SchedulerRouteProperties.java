package io.borealis.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where scheduler-service runs ({@code borealis.routes.*}). With several instances (active/standby)
 * the gateway sends scheduler calls to whichever one leads.
 *
 * @param schedulerUri the one instance when {@code schedulerUris} is empty (also the routes' placeholder)
 * @param schedulerUris every instance; when there are two or more, calls go to the leader
 * @param leaderTtl how long a found leader is trusted before asking again (a failed call asks at once)
 * @param leaderProbeTimeout how long one instance may take to say whether it leads
 */
@Validated
@ConfigurationProperties("borealis.routes")
public record SchedulerRouteProperties(
        @DefaultValue("http://127.0.0.1:8182") URI schedulerUri,
        List<URI> schedulerUris,
        @DefaultValue("2s") Duration leaderTtl,
        @DefaultValue("2s") Duration leaderProbeTimeout) {

    /** The instances to choose among: {@code schedulerUris}, or just {@code schedulerUri}. */
    public List<URI> instances() {
        return schedulerUris == null || schedulerUris.isEmpty() ? List.of(schedulerUri) : List.copyOf(schedulerUris);
    }
}
