package io.borealis.job.registry;

import java.net.http.HttpClient;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Task counts by status per job, from the scheduler through the gateway
 * ({@code GET /api/v1/tasks/counts} → {@code {"role/env/name": {"RUNNING": 3}}}). Behind a circuit
 * breaker with a short timeout: when the scheduler is unreachable the counts are empty, and the
 * job list is still served.
 */
@Component
class TaskCountsClient {

    private static final Logger log = LoggerFactory.getLogger(TaskCountsClient.class);
    private static final ParameterizedTypeReference<Map<String, Map<String, Integer>>> COUNTS =
            new ParameterizedTypeReference<>() { };

    private final RestClient client;
    private final CircuitBreaker breaker;

    TaskCountsClient(GatewayProperties gateway, CircuitBreakerFactory<?, ?> breakers) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(gateway.timeout()).build());
        requests.setReadTimeout(gateway.timeout());
        this.client = RestClient.builder().baseUrl(gateway.url().toString()).requestFactory(requests).build();
        this.breaker = breakers.create("task-counts");
    }

    /** Counts keyed by job path; empty when the scheduler cannot be asked. */
    Map<String, Map<String, Integer>> counts() {
        return breaker.run(this::fetch, failure -> {
            log.debug("task counts unavailable: {}", failure.toString());
            return Map.of();
        });
    }

    private Map<String, Map<String, Integer>> fetch() {
        Map<String, Map<String, Integer>> counts = client.get().uri("/api/v1/tasks/counts").retrieve().body(COUNTS);
        return counts == null ? Map.of() : counts;
    }
}
