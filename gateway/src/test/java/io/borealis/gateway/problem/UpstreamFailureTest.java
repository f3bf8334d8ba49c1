package io.borealis.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

class UpstreamFailureTest {

    @Test
    void classifiesTheCauseChain() {
        assertThat(UpstreamFailure.of(new RuntimeException(new ConnectException("refused"))))
                .isEqualTo(UpstreamFailure.UNREACHABLE);
        assertThat(UpstreamFailure.of(new TimeoutException())).isEqualTo(UpstreamFailure.TIMEOUT);
        assertThat(UpstreamFailure.of(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT)))
                .isEqualTo(UpstreamFailure.TIMEOUT);
        assertThat(UpstreamFailure.of(CallNotPermittedException.createCallNotPermittedException(
                CircuitBreaker.ofDefaults("x")))).isEqualTo(UpstreamFailure.CIRCUIT_OPEN);
        assertThat(UpstreamFailure.of(new IllegalStateException("bug"))).isEqualTo(UpstreamFailure.OTHER);
        assertThat(UpstreamFailure.of(new ResponseStatusException(HttpStatus.NOT_FOUND)))
                .isEqualTo(UpstreamFailure.OTHER);
    }

    @Test
    void onlyUnreachableOrSlowServicesCountAgainstTheBreaker() {
        assertThat(UpstreamFailure.isUnreachable(new ConnectException())).isTrue();
        assertThat(UpstreamFailure.isUnreachable(new TimeoutException())).isTrue();
        assertThat(UpstreamFailure.isUnreachable(new IllegalArgumentException())).isFalse();
        assertThat(UpstreamFailure.isUnreachable(CallNotPermittedException.createCallNotPermittedException(
                CircuitBreaker.ofDefaults("y")))).isFalse();
    }
}
