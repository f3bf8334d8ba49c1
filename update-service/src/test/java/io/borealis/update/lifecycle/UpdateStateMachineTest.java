package io.borealis.update.lifecycle;

import static io.borealis.update.lifecycle.UpdateStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (from, to) pair of update states: a new state fails here until its transitions are decided. */
class UpdateStateMachineTest {

    private static final Map<UpdateStatus, Set<UpdateStatus>> EXPECTED = new EnumMap<>(UpdateStatus.class);

    static {
        EXPECTED.put(ROLLING_FORWARD, EnumSet.of(ROLLING_BACK, ROLL_FORWARD_PAUSED, ROLL_FORWARD_AWAITING_PULSE,
                ROLLED_FORWARD, ABORTED, FAILED, ERROR));
        EXPECTED.put(ROLLING_BACK, EnumSet.of(ROLL_BACK_PAUSED, ROLL_BACK_AWAITING_PULSE, ROLLED_BACK, ABORTED,
                FAILED, ERROR));
        EXPECTED.put(ROLL_FORWARD_PAUSED, EnumSet.of(ROLLING_FORWARD, ROLL_FORWARD_AWAITING_PULSE, ROLLING_BACK,
                ABORTED, FAILED, ERROR));
        EXPECTED.put(ROLL_BACK_PAUSED, EnumSet.of(ROLLING_BACK, ROLL_BACK_AWAITING_PULSE, ABORTED, FAILED, ERROR));
        EXPECTED.put(ROLL_FORWARD_AWAITING_PULSE, EnumSet.of(ROLLING_FORWARD, ROLL_FORWARD_PAUSED, ROLLING_BACK,
                ROLLED_FORWARD, ABORTED, FAILED, ERROR));
        EXPECTED.put(ROLL_BACK_AWAITING_PULSE, EnumSet.of(ROLLING_BACK, ROLL_BACK_PAUSED, ROLLED_BACK, ABORTED,
                FAILED, ERROR));
        for (UpdateStatus terminal : EnumSet.of(ROLLED_FORWARD, ROLLED_BACK, ABORTED, FAILED, ERROR)) {
            EXPECTED.put(terminal, EnumSet.noneOf(UpdateStatus.class));
        }
    }

    static Stream<Arguments> everyPair() {
        return Stream.of(UpdateStatus.values())
                .flatMap(from -> Stream.of(UpdateStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void everyPairIsDecided(UpdateStatus from, UpdateStatus to) {
        assertThat(EXPECTED).as("transitions of %s are decided", from).containsKey(from);
        Transition transition = UpdateStateMachine.transition(from, to);

        if (!EXPECTED.get(from).contains(to)) {
            assertThat(transition).isEqualTo(new Transition.Illegal(from, to));
            return;
        }
        assertThat(transition).isInstanceOf(Transition.Allowed.class);
        var effects = ((Transition.Allowed) transition).sideEffects();
        assertThat(effects).first().isEqualTo(new SideEffect.RecordStatus(to));
        assertThat(effects.contains(new SideEffect.ReleaseLock())).isEqualTo(to.isTerminal());
        assertThat(effects.contains(new SideEffect.PrepareRollback()))
                .isEqualTo(to == ROLLING_BACK && Direction.of(from) == Direction.FORWARD);
        assertThat(effects.contains(new SideEffect.RestartProgressClock()))
                .isEqualTo(to == ROLLING_FORWARD || to == ROLLING_BACK);
        assertThat(UpdateStateMachine.next(from)).contains(to);
    }

    @ParameterizedTest
    @MethodSource("everyPair")
    void verbsAskOnlyForTheirOwnKindOfStatus(UpdateStatus from, UpdateStatus ignored) {
        assertThat(UpdateVerb.PAUSE.target(from)).isIn(ROLL_FORWARD_PAUSED, ROLL_BACK_PAUSED);
        assertThat(UpdateVerb.RESUME.target(from)).isIn(ROLLING_FORWARD, ROLLING_BACK);
        assertThat(UpdateVerb.ABORT.target(from)).isEqualTo(ABORTED);
        assertThat(UpdateVerb.ROLLBACK.target(from)).isEqualTo(ROLLING_BACK);
        if (from == ROLL_FORWARD_AWAITING_PULSE || from == ROLL_BACK_AWAITING_PULSE) {
            assertThat(UpdateVerb.PULSE.target(from)).isEqualTo(Direction.of(from).rolling());
        } else {
            assertThat(UpdateVerb.PULSE.target(from)).isEqualTo(from);
        }
    }
}
