package io.borealis.gateway.hooks;

import io.borealis.api.job.JobKey;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/hooks/{provider}}: a CI system starts a rolling update. The body is
 * {@code {"job": "role/env/name", "spec": JobSpec, "settings"?: UpdateSettings, "message"?}}, signed with
 * the provider's secret ({@link HookSignature}); header {@code X-Hook-Delivery} (optional) names the
 * delivery, so a redelivery is answered as the first was ({@link Deliveries}). A verified hook becomes
 * {@code POST /api/v1/jobs/{role}/{env}/{name}/updates} sent through this gateway (its route, breaker
 * and all) as user {@code hook:<provider>}, and update-service's answer (201 with the update id, 409 if
 * one is active, ...) is the hook's answer. Nothing is forwarded for an unknown provider (404), a
 * missing or wrong signature (401) or a malformed body (400).
 */
@RestController
@EnableConfigurationProperties(HookProperties.class)
class HookController {

    static final String DELIVERY = "X-Hook-Delivery";
    static final String REDELIVERY = "X-Hook-Redelivery";
    private static final String PROBLEMS = "https://borealis.dev/problems/";

    private final HookProperties properties;
    private final JsonMapper json;
    private final Deliveries deliveries;
    private final WebClient http = WebClient.create();

    HookController(HookProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
        this.deliveries = new Deliveries(properties.deliveries());
    }

    @PostMapping("/api/v1/hooks/{provider}")
    Mono<ResponseEntity<Object>> hook(@PathVariable String provider,
            @RequestHeader(name = HookSignature.HEADER, required = false) String signature,
            @RequestHeader(name = DELIVERY, required = false) String delivery,
            @RequestBody(required = false) byte[] body, ServerHttpRequest request) {
        String path = request.getPath().value();
        String secret = properties.providers().get(provider);
        if (secret == null || secret.isEmpty()) {
            return Mono.just(problem(HttpStatus.NOT_FOUND, "unknown-hook-provider", "Unknown hook provider",
                    "no hook provider '" + provider + "' is configured (borealis.hooks.providers)", path));
        }
        byte[] raw = body == null ? new byte[0] : body;
        if (!HookSignature.valid(secret, raw, signature)) {
            return Mono.just(problem(HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid signature",
                    signature == null ? HookSignature.HEADER + " is missing"
                            : HookSignature.HEADER + " is not the HMAC-SHA256 of the body with " + provider + "'s secret", path));
        }
        ObjectNode forward = json.createObjectNode();
        JobKey job;
        try {
            JsonNode hook = json.readTree(raw);
            job = jobOf(hook);
            JsonNode spec = hook.path("spec");
            if (!spec.isObject()) {
                return Mono.just(invalid("spec", "spec must be a JobSpec object", path));
            }
            forward.set("spec", spec);
            if (hook.hasNonNull("settings")) {
                forward.set("settings", hook.get("settings"));
            }
            String message = hook.path("message").asString("");
            forward.put("message", message.isEmpty() ? "hook " + provider + (delivery == null ? "" : " delivery " + delivery)
                    : message);
        } catch (JacksonException e) {
            return Mono.just(invalid("body", "the body is not JSON: " + e.getOriginalMessage(), path));
        } catch (IllegalArgumentException e) {
            return Mono.just(invalid("job", e.getMessage(), path));
        }
        if (delivery != null) {
            Deliveries.Answer earlier = deliveries.begin(delivery);
            if (earlier == Deliveries.inProgress()) {
                return Mono.just(problem(HttpStatus.CONFLICT, "delivery-in-progress", "Delivery in progress",
                        "delivery " + delivery + " is being handled", path));
            }
            if (earlier != null) {
                return Mono.just(respond(earlier, true));
            }
        }
        URI updates = self(request).resolve("/api/v1/jobs/" + job.role() + "/" + job.environment() + "/" + job.name() + "/updates");
        return http.post().uri(updates)
                .header("X-Borealis-User", "hook:" + provider)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsBytes(forward))
                .exchangeToMono(response -> response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                        .map(bytes -> new Deliveries.Answer(response.statusCode().value(),
                                response.headers().contentType().map(MediaType::toString).orElse(null), bytes,
                                response.headers().asHttpHeaders().getFirst(HttpHeaders.LOCATION))))
                .onErrorResume(e -> Mono.just(new Deliveries.Answer(HttpStatus.BAD_GATEWAY.value(),
                        MediaType.APPLICATION_PROBLEM_JSON_VALUE, problemBytes(HttpStatus.BAD_GATEWAY, "gateway-error",
                        "the update could not be started: " + e, path), null)))
                .doOnNext(answer -> {
                    if (delivery != null) {
                        deliveries.end(delivery, answer);
                    }
                })
                .map(answer -> respond(answer, false));
    }

    /** "role/env/name", each segment as a job key allows. */
    private static JobKey jobOf(JsonNode hook) {
        String text = hook.path("job").asString("");
        JobKey key;
        try {
            key = JobKey.parse(text);
        } catch (IllegalArgumentException e) {
            key = null;
        }
        if (key == null || !key.isValid()) {
            throw new IllegalArgumentException("job must be role/environment/name, each matching "
                    + JobKey.SEGMENT.pattern() + ": '" + text + "'");
        }
        return key;
    }

    /** Where this gateway was reached: the hook's update goes through it too. */
    private static URI self(ServerHttpRequest request) {
        InetSocketAddress local = request.getLocalAddress();
        if (local == null) {
            return URI.create("http://127.0.0.1:" + request.getURI().getPort());
        }
        String host = local.getAddress() instanceof Inet6Address ? "[" + local.getAddress().getHostAddress() + "]"
                : local.getAddress().getHostAddress();
        return URI.create("http://" + host + ":" + local.getPort());
    }

    private static ResponseEntity<Object> respond(Deliveries.Answer answer, boolean redelivery) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status());
        if (answer.contentType() != null) {
            response.contentType(MediaType.parseMediaType(answer.contentType()));
        }
        if (answer.location() != null) {
            response.header(HttpHeaders.LOCATION, answer.location());
        }
        if (redelivery) {
            response.header(REDELIVERY, "true");
        }
        return response.body(answer.body());
    }

    private ResponseEntity<Object> invalid(String field, String detail, String path) {
        ResponseEntity<Object> problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail, path);
        ((ProblemDetail) problem.getBody()).setProperty("field", field);
        return problem;
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String type, String title, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEMS + type));
        problem.setTitle(title);
        problem.setInstance(URI.create(path));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private byte[] problemBytes(HttpStatus status, String type, String detail, String path) {
        return json.writeValueAsString(problem(status, type, "Bad gateway", detail, path).getBody())
                .getBytes(StandardCharsets.UTF_8);
    }
}
