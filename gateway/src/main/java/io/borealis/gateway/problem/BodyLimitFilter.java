package io.borealis.gateway.problem;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers 413 to a request whose declared Content-Length is over {@link HttpProperties#maxBodySize()}
 * before any byte goes to a service. This also bounds memory: the Retry filter makes the gateway
 * cache the bodies on its routes so that it can send them again. A chunked body of unknown length
 * is left to the service to count.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@EnableConfigurationProperties(HttpProperties.class)
class BodyLimitFilter implements WebFilter {

    private final DataSize limit;
    private final ProblemWriter problems;

    BodyLimitFilter(HttpProperties properties, ProblemWriter problems) {
        this.limit = properties.maxBodySize();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getHeaders().getContentLength() > limit.toBytes()) {
            return problems.write(exchange, Problems.bodyTooLarge(limit, exchange.getRequest().getPath().value()));
        }
        return chain.filter(exchange);
    }
}
