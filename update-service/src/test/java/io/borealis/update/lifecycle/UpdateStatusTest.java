package io.borealis.update.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class UpdateStatusTest {

    @Test
    void theTerminalStatesAreExactlyTheFinishedOnes() {
        assertThat(EnumSet.allOf(UpdateStatus.class).stream().filter(UpdateStatus::isTerminal))
                .containsExactlyInAnyOrder(UpdateStatus.ROLLED_FORWARD, UpdateStatus.ROLLED_BACK,
                        UpdateStatus.ABORTED, UpdateStatus.FAILED, UpdateStatus.ERROR);
    }

    @Test
    void everyStateIsEitherActiveOrTerminal() {
        assertThat(Arrays.stream(UpdateStatus.values())).allSatisfy(status ->
                assertThat(status.isActive()).isNotEqualTo(status.isTerminal()));
    }

    @Test
    void statesFollowDesignSectionFive() {
        assertThat(Arrays.stream(UpdateStatus.values()).map(Enum::name)).containsExactly(
                "ROLLING_FORWARD", "ROLLING_BACK", "ROLL_FORWARD_PAUSED", "ROLL_BACK_PAUSED",
                "ROLL_FORWARD_AWAITING_PULSE", "ROLL_BACK_AWAITING_PULSE", "ROLLED_FORWARD", "ROLLED_BACK",
                "ABORTED", "FAILED", "ERROR");
        assertThat(Arrays.stream(InstanceAction.values()).map(Enum::name)).containsExactly(
                "INSTANCE_UPDATING", "INSTANCE_UPDATED", "INSTANCE_UPDATE_FAILED", "INSTANCE_ROLLING_BACK",
                "INSTANCE_ROLLED_BACK", "INSTANCE_ROLLBACK_FAILED");
    }
}
