package io.borealis.gateway;

import static io.borealis.gateway.FakeService.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/hooks/{provider}} on a real port, with a real HTTP server standing in for
 * update-service: a signed hook becomes one update request through the gateway's own route, a
 * redelivery is answered without a second one, and nothing is forwarded when the provider, the
 * signature or the body is wrong.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.boot.admin.client.enabled=false",
        "borealis.hooks.providers.ci=s3cret"})
class GatewayHooksIT extends ThreeFakeServicesTest {

    private static final String UPDATES = "/api/v1/jobs/web/prod/hello/updates";
    private static final String HOOK = "{\"job\":\"web/prod/hello\",\"spec\":{\"instances\":3},"
            + "\"settings\":{\"batchSize\":2},\"message\":\"release 42\"}";

    @Test
    void aSignedHookStartsTheUpdateThroughTheGatewayAndARedeliveryDoesNotStartItAgain() {
        update.on("POST", UPDATES, exchange -> {
            exchange.getResponseHeaders().set("Location", "/api/v1/updates/u-1");
            status(201, "application/json", "{\"id\":\"u-1\"}").write(exchange);
        });

        HttpResponse<String> first = hook("ci", HOOK, sign("s3cret", HOOK), "d-1");
        HttpResponse<String> again = hook("ci", HOOK, sign("s3cret", HOOK), "d-1");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(Client.json(first).get("id").asString()).isEqualTo("u-1");
        assertThat(first.headers().firstValue("Location")).hasValue("/api/v1/updates/u-1");
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("X-Hook-Redelivery")).hasValue("true");
        assertThat(update.received("POST", UPDATES)).singleElement().satisfies(request -> {
            JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(request.body());
            assertThat(body.get("spec").get("instances").asInt()).isEqualTo(3);
            assertThat(body.get("settings").get("batchSize").asInt()).isEqualTo(2);
            assertThat(body.get("message").asString()).isEqualTo("release 42");
            assertThat(request.header("X-Borealis-User")).isEqualTo("hook:ci");
        });
    }

    @Test
    void updateServicesRefusalIsTheHooksAnswerAndTheDeliveryMayBeRetried() {
        update.on("POST", UPDATES, FakeService.inTurn(
                status(409, "application/problem+json", "{\"type\":\"https://borealis.dev/problems/update-in-progress\"}"),
                status(201, "application/json", "{\"id\":\"u-2\"}")));

        HttpResponse<String> refused = hook("ci", HOOK, sign("s3cret", HOOK), "d-2");
        HttpResponse<String> retried = hook("ci", HOOK, sign("s3cret", HOOK), "d-2");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("update-in-progress");
        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(update.received("POST", UPDATES)).hasSize(2);
    }

    @Test
    void aRedeliveryWhileTheFirstIsStillBeingHandledIsAConflict() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        update.on("POST", UPDATES, exchange -> {
            arrived.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status(201, "application/json", "{\"id\":\"u-3\"}").write(exchange);
        });
        Thread first = new Thread(() -> hook("ci", HOOK, sign("s3cret", HOOK), "d-3"));
        first.start();
        try {
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> during = hook("ci", HOOK, sign("s3cret", HOOK), "d-3");
            assertThat(during.statusCode()).isEqualTo(409);
            assertThat(Client.json(during).get("type").asString()).isEqualTo("https://borealis.dev/problems/delivery-in-progress");
        } finally {
            release.countDown();
            first.join(10_000);
        }
        assertThat(update.received("POST", UPDATES)).hasSize(1);
    }

    @ParameterizedTest(name = "{0}: {4}")
    @CsvSource(delimiter = '|', value = {
            "ci      | s3cret | {\"job\":\"web/prod/hello\",\"spec\":{}}  | 401 | invalid-signature  | wrong",
            "ci      |        | {\"job\":\"web/prod/hello\",\"spec\":{}}  | 401 | invalid-signature  | missing",
            "nobody  | s3cret | {\"job\":\"web/prod/hello\",\"spec\":{}}  | 404 | unknown-hook-provider | any",
            "ci      | s3cret | not json                                 | 400 | invalid-request    | body",
            "ci      | s3cret | {\"job\":\"web/prod\",\"spec\":{}}        | 400 | invalid-request    | job",
            "ci      | s3cret | {\"job\":\"web/prod/hello\"}              | 400 | invalid-request    | spec"})
    void aHookWithAnUnknownProviderBadSignatureOrBadBodyIsRefusedAndNothingIsForwarded(String provider, String secret,
            String body, int status, String type, String fault) {
        String signature = secret == null ? null : "wrong".equals(fault) ? sign("guess", body) : sign(secret, body);

        HttpResponse<String> response = hook(provider, body, signature, null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Client.contentType(response)).startsWith("application/problem+json");
        JsonNode problem = Client.json(response);
        assertThat(problem.get("type").asString()).isEqualTo("https://borealis.dev/problems/" + type);
        if (status == 400) {
            assertThat(problem.get("field").asString()).isEqualTo(fault);
        }
        assertThat(update.received()).isEmpty();
    }

    @Test
    void aHookBodyOverWhatTheGatewayBuffersIsRefusedAsTooLargeNotAsAServerError() {
        String big = "{\"job\":\"web/prod/hello\",\"spec\":{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}}";

        HttpResponse<String> response = hook("ci", big, sign("s3cret", big), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(Client.contentType(response)).startsWith("application/problem+json");
        assertThat(update.received()).isEmpty();
    }

    private HttpResponse<String> hook(String provider, String body, String signature, String delivery) {
        HttpRequest.Builder request = client.request("/api/v1/hooks/" + provider)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        if (delivery != null) {
            request.header("X-Hook-Delivery", delivery);
        }
        return client.send(request);
    }

    /** What a CI system computes: HMAC-SHA256 of the raw body, hex, prefixed. */
    private static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
