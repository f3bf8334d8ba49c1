package io.borealis.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import java.net.URI;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Sends scheduler-service routes to the leading instance: runs right after the route's URL is
 * built and swaps its scheme, host and port for the leader's. It runs again on every retry of the
 * route's Retry filter, so a GET that met a dead or deposed instance is retried on the new leader.
 */
@Component
class SchedulerLeaderFilter implements GlobalFilter, Ordered {

    static final String SERVICE = "scheduler-service";

    private final SchedulerLeader leader;

    SchedulerLeaderFilter(SchedulerLeader leader) {
        this.leader = leader;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        if (!leader.replicated() || route == null || url == null || !SERVICE.equals(route.getMetadata().get("service"))) {
            return chain.filter(exchange);
        }
        return leader.current().flatMap(target -> {
            URI routed = UriComponentsBuilder.fromUri(url)
                    .scheme(target.getScheme()).host(target.getHost()).port(target.getPort())
                    .build(true).toUri();
            exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, routed);
            return chain.filter(exchange)
                    .doOnError(e -> leader.forget(target))
                    .doOnSuccess(done -> {
                        HttpStatusCode status = exchange.getResponse().getStatusCode();
                        if (status != null && status.value() == 503) {
                            leader.forget(target);
                        }
                    });
        });
    }

    @Override
    public int getOrder() {
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    }
}
