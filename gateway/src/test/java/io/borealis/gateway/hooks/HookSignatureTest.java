package io.borealis.gateway.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HookSignatureTest {

    private static final byte[] BODY = "{\"job\":\"web/prod/hello\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSignatureIsTheHexHmacSha256OfTheBodyAndOnlyItPasses() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(HookSignature.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        String signature = HookSignature.sign("s3cret", BODY);
        assertThat(HookSignature.valid("s3cret", BODY, signature)).isTrue();
        assertThat(HookSignature.valid("s3cret", BODY, signature.toUpperCase().replace("SHA256=", "sha256=")))
                .as("hex in capitals is the same signature").isTrue();
        assertThat(HookSignature.valid("other", BODY, signature)).isFalse();
        assertThat(HookSignature.valid("s3cret", "{}".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(HookSignature.valid("s3cret", BODY, signature.substring("sha256=".length()))).isFalse();
        assertThat(HookSignature.valid("s3cret", BODY, null)).isFalse();
    }

    @Test
    void aDeliveryThatStartedAnUpdateIsAnsweredAgainAndOneThatDidNotIsForgotten() {
        Deliveries deliveries = new Deliveries(2);
        assertThat(deliveries.begin("a")).isNull();
        assertThat(deliveries.begin("a")).isSameAs(Deliveries.inProgress());
        Deliveries.Answer created = new Deliveries.Answer(201, "application/json", new byte[] {1}, "/api/v1/updates/u");
        deliveries.end("a", created);
        assertThat(deliveries.begin("a")).isSameAs(created);

        assertThat(deliveries.begin("b")).isNull();
        deliveries.end("b", new Deliveries.Answer(409, null, new byte[0], null));
        assertThat(deliveries.begin("b")).as("refused: may be retried").isNull();

        deliveries.end("b", created);
        assertThat(deliveries.begin("c")).isNull();
        assertThat(deliveries.begin("a")).as("the oldest of more than 2 is forgotten").isNull();
    }
}
