package io.borealis.scheduler.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconciliationRoundTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private final ReconciliationRound round = new ReconciliationRound(3, T0, Duration.ofSeconds(2), Duration.ofSeconds(60));

    @Test
    void asksOnlyForTasksWithoutAStatusSinceTheRoundBegan() {
        round.answered("b", T0.plusMillis(5));

        assertThat(round.toAsk(List.of("a", "b", "c"), T0.plusMillis(10))).containsExactlyInAnyOrder("a", "c");
        round.answered("a", T0.plusSeconds(1));
        assertThat(round.complete()).isFalse();
        assertThat(round.toAsk(List.of("a", "b", "c"), T0.plusSeconds(2))).containsExactly("c");

        ReconciliationRound.View view = round.view();
        assertThat(view.round()).isEqualTo(3);
        assertThat(view.asked()).as("the first ask's size").isEqualTo(2);
        assertThat(view.outstanding()).isEqualTo(1);
        assertThat(view.asks()).isEqualTo(2);
        assertThat(view.completedAt()).isNull();
    }

    @Test
    void completesWhenTheLastOutstandingTaskAnswers() {
        round.toAsk(List.of("a", "b"), T0);
        round.answered("a", T0.plusMillis(300));
        round.answered("b", T0.plusMillis(700));

        assertThat(round.complete()).isTrue();
        assertThat(round.view().completedAt()).isEqualTo(T0.plusMillis(700));
        assertThat(round.view().outstanding()).isZero();
        assertThat(round.toAsk(List.of("a", "b"), T0.plusSeconds(2))).isEmpty();
        assertThat(round.view().completedAt()).as("completion time kept").isEqualTo(T0.plusMillis(700));
    }

    @Test
    void tasksThatEndedMeanwhileOweNothing() {
        round.toAsk(List.of("a", "b"), T0);

        assertThat(round.toAsk(List.of("b"), T0.plusSeconds(2))).containsExactly("b");
        assertThat(round.toAsk(List.of(), T0.plusSeconds(6))).isEmpty();
        assertThat(round.complete()).isTrue();
        assertThat(round.view().completedAt()).isEqualTo(T0.plusSeconds(6));
    }

    @Test
    void aRoundWithNothingToAskIsCompleteAtOnce() {
        assertThat(round.toAsk(List.of(), T0)).isEmpty();
        assertThat(round.complete()).isTrue();
        assertThat(round.view().asks()).isZero();
    }

    @Test
    void theWaitDoublesUpToTheCap() {
        List<Duration> waits = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waits.add(round.backoff());
        }
        assertThat(waits).extracting(Duration::getSeconds).containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void theNextAskWaitsWhileAnswersToTheLastOneStillArrive() {
        Duration quiet = Duration.ofSeconds(2);
        round.toAsk(List.of("a", "b", "c"), T0);
        assertThat(round.holdBeforeAsking(T0.plusSeconds(2), quiet)).as("nothing answered yet").isZero();

        round.answered("a", T0.plusMillis(1500));
        assertThat(round.holdBeforeAsking(T0.plusSeconds(2), quiet)).isEqualTo(Duration.ofMillis(1500));
        round.answered("x", T0.plusMillis(3000)); // not outstanding: no progress of this round
        round.answered("a", T0.plusMillis(3200)); // already answered
        assertThat(round.holdBeforeAsking(T0.plusMillis(3500), quiet)).as("quiet since 1.5 s").isZero();
    }
}
