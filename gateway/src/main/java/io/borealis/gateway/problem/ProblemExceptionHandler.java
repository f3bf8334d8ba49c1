package io.borealis.gateway.problem;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every error the gateway itself raises into problem+json, ahead of Boot's JSON error page
 * (order -1): a path no route owns (404), an event stream whose service is down (503; the stream
 * routes have no breaker), a timeout, or a fault of the gateway (500, logged).
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemWriter problems;

    ProblemExceptionHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        String method = exchange.getRequest().getMethod().name();
        String path = exchange.getRequest().getPath().value();
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        UpstreamFailure upstream = UpstreamFailure.of(failure);
        if (route != null && upstream != UpstreamFailure.OTHER) {
            return problems.write(exchange, Problems.serviceUnavailable(serviceOf(route), upstream, path));
        }
        HttpStatusCode status = failure instanceof ErrorResponse error ? error.getStatusCode()
                : HttpStatus.INTERNAL_SERVER_ERROR;
        if (status.value() == HttpStatus.NOT_FOUND.value()) {
            return problems.write(exchange, Problems.notFound(method, path));
        }
        if (status.is5xxServerError()) {
            log.error("{} {} failed in the gateway", method, path, failure);
        }
        String detail = failure instanceof ErrorResponse error && error.getBody().getDetail() != null
                ? error.getBody().getDetail()
                : "the gateway could not handle " + method + " " + path;
        return problems.write(exchange, Problems.of(status, detail, path));
    }

    private static String serviceOf(Route route) {
        Object service = route.getMetadata().get("service");
        return service != null ? service.toString() : route.getId();
    }
}
