package io.borealis.update.gateway;

import java.util.function.Supplier;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs one call through the gateway and turns every failure into an {@link UpstreamException}. */
final class Calls {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Calls() {
    }

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RestClientResponseException e) {
            throw new UpstreamException(e.getStatusCode().value(), what + ": " + detail(e), e);
        } catch (RestClientException e) {
            throw new UpstreamException(0, what + ": " + e.getMessage(), e);
        }
    }

    /** The problem's detail when the answer is one, else the status line. */
    private static String detail(RestClientResponseException e) {
        try {
            JsonNode body = JSON.readTree(e.getResponseBodyAsString());
            if (body != null && body.hasNonNull("detail")) {
                return body.get("detail").asString();
            }
        } catch (RuntimeException ignored) {
            // not JSON: fall back to the status
        }
        return e.getStatusCode().value() + " " + e.getStatusText();
    }
}
