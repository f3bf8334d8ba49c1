package io.borealis.gateway.problem;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import reactor.core.publisher.Mono;

/**
 * Where a service route's circuit breaker forwards when the service could not be called
 * ({@code fallbackUri: forward:/fallback/<service>}): a 503 problem naming the service and why.
 */
@RestController
class FallbackController {

    private final ProblemWriter problems;

    FallbackController(ProblemWriter problems) {
        this.problems = problems;
    }

    @RequestMapping("/fallback/{service}")
    Mono<Void> fallback(@PathVariable String service, ServerWebExchange exchange) {
        Throwable failure = exchange.getAttribute(CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        String path = originalPath(exchange);
        if (failure == null) {
            // asked for directly, not forwarded by a breaker: there is nothing here
            return problems.write(exchange, Problems.notFound(exchange.getRequest().getMethod().name(), path));
        }
        return problems.write(exchange, Problems.serviceUnavailable(service, UpstreamFailure.of(failure), path));
    }

    /** The path the client asked for: the breaker forwards a mutated exchange that wraps the original. */
    private static String originalPath(ServerWebExchange exchange) {
        ServerWebExchange original = exchange;
        while (original instanceof ServerWebExchangeDecorator decorator) {
            original = decorator.getDelegate();
        }
        return original.getRequest().getPath().value();
    }
}
