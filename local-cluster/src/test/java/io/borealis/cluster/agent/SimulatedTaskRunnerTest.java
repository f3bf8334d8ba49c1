package io.borealis.cluster.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatedTaskRunnerTest {

    @Test
    void theSwitchReadsFailAndFailAfterSecondsAndIgnoresAnythingElse() {
        assertThat(SimulatedTaskRunner.parse("fail")).isEqualTo(Duration.ZERO);
        assertThat(SimulatedTaskRunner.parse("fail-after=2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(SimulatedTaskRunner.parse("fail-after=0.25")).isEqualTo(Duration.ofMillis(250));
        assertThat(SimulatedTaskRunner.parse("fail-after=")).isNull();
        assertThat(SimulatedTaskRunner.parse("fail-after=-1")).isNull();
        assertThat(SimulatedTaskRunner.parse("fail-after=x")).isNull();
        assertThat(SimulatedTaskRunner.parse("FAIL")).isNull();
        assertThat(SimulatedTaskRunner.parse("")).isNull();
    }
}
