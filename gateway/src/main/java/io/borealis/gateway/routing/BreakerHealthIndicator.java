package io.borealis.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.stereotype.Component;

/**
 * Health component "breakers": the state of each service route's breaker (CLOSED, OPEN, HALF_OPEN),
 * created on a route's first call. Always UP — a service that is down does not make the front door
 * down — but the details tell an operator, and {@code deploy/local/up}, whether every service is
 * served again: a breaker that opened while a service started rejects most calls until it closes.
 */
@Component("breakers")
class BreakerHealthIndicator implements HealthIndicator {

    private final ReactiveResilience4JCircuitBreakerFactory breakers;

    BreakerHealthIndicator(ReactiveResilience4JCircuitBreakerFactory breakers) {
        this.breakers = breakers;
    }

    @Override
    public Health health() {
        Map<String, String> states = new TreeMap<>();
        for (CircuitBreaker breaker : breakers.getCircuitBreakerRegistry().getAllCircuitBreakers()) {
            states.put(breaker.getName(), breaker.getState().name());
        }
        return Health.up().withDetails(states).build();
    }
}
