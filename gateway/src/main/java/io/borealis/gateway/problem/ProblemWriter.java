package io.borealis.gateway.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem as {@code application/problem+json}: one format for every answer of the gateway's
 * own. A 503 carries {@code Retry-After: 1}: a service that was not reached, or a breaker that is open
 * or trying the service again (half-open), is usually served again within seconds, so a client that
 * waits that long and asks again needs no logic of its own.
 */
@Component
class ProblemWriter {

    private final JsonMapper json;

    ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        }
        DataBuffer body = response.bufferFactory().wrap(json.writeValueAsBytes(asMap(problem)));
        return response.writeWith(Mono.just(body));
    }

    /** RFC 9457 members first, extension members flattened beside them (not nested under "properties"). */
    private static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            members.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }
}
