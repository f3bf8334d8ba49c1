package io.borealis.scheduler.mesos;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the scheduler reaches Mesos.
 *
 * @param masters master base URLs, tried in turn; a 307 from one of them leads to the leader
 * @param roles roles the framework subscribes with (MULTI_ROLE)
 * @param user OS user tasks run as; empty means the user running this service
 * @param failoverTimeout how long the master keeps our tasks while we are away (Mesos' default, 0, kills them all)
 * @param backoffMin first reconnect delay, doubled on every failed attempt
 * @param backoffMax cap of the reconnect delay
 * @param missedHeartbeats heartbeat intervals without any event after which the subscription is presumed dead
 * @param requestTimeout timeout of one call (not of the subscription)
 * @param callConcurrency calls of one kind (ACKNOWLEDGEs; the ACCEPTs of an offer round) in flight at
 *        once, each on its own connection: a burst of 1,000 updates waits for 1,000 round trips, so
 *        they must overlap
 */
@Validated
@ConfigurationProperties("borealis.mesos")
public record MesosProperties(
        @DefaultValue("http://127.0.0.1:5050") @NotEmpty List<URI> masters,
        @DefaultValue("*") @NotEmpty List<String> roles,
        @DefaultValue("") String user,
        @DefaultValue("7d") Duration failoverTimeout,
        @DefaultValue("500ms") Duration backoffMin,
        @DefaultValue("15s") Duration backoffMax,
        @DefaultValue("5") int missedHeartbeats,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("16") @Positive int callConcurrency) {

    /** The user tasks run as. */
    public String effectiveUser() {
        return user == null || user.isBlank() ? System.getProperty("user.name") : user;
    }
}
