package io.borealis.gateway.routing;

import io.borealis.gateway.problem.UpstreamFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One breaker configuration for every service route. Only failures to reach a service count
 * against it (connect errors, resets, timeouts): a 4xx or 5xx the service answered is a working
 * service and passes through untouched. The time limiter defaults to 1 s in Resilience4j, far too
 * short for a real call, hence {@link BreakerProperties#callTimeout()}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BreakerProperties.class)
class BreakerConfiguration {

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> serviceBreakers(BreakerProperties properties) {
        CircuitBreakerConfig breaker = CircuitBreakerConfig.custom()
                .slidingWindowSize(properties.slidingWindow())
                .minimumNumberOfCalls(properties.minimumCalls())
                .failureRateThreshold(properties.failurePercent())
                .waitDurationInOpenState(properties.openFor())
                .recordException(UpstreamFailure::isUnreachable)
                .build();
        TimeLimiterConfig timeLimiter = TimeLimiterConfig.custom()
                .timeoutDuration(properties.callTimeout())
                .build();
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                .circuitBreakerConfig(breaker)
                .timeLimiterConfig(timeLimiter)
                .build());
    }
}
