package io.borealis.scheduler.mesos;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "mesos": UP with the framework id while subscribed. While not
 * subscribed it reports UNKNOWN rather than DOWN, so a master that is still starting does not make
 * the whole service look dead; the details say what is going on.
 */
@Component("mesos")
class MesosHealthIndicator implements HealthIndicator {

    private final MesosConnection connection;

    MesosHealthIndicator(MesosConnection connection) {
        this.connection = connection;
    }

    @Override
    public Health health() {
        String frameworkId = connection.frameworkId();
        return frameworkId != null
                ? Health.up().withDetail("frameworkId", frameworkId).build()
                : Health.unknown().withDetail("subscribed", false).build();
    }
}
