package io.borealis.job.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceChangesTest {

    @Test
    void sameCountNewConfigChangesEveryInstance() {
        InstanceChanges changes = InstanceChanges.between(Map.of(0, "v1", 1, "v1"), 2, "v2");

        assertThat(changes.changed()).containsExactly(new InstanceChanges.Change(0, "v1", "v2"), new InstanceChanges.Change(1, "v1", "v2"));
        assertThat(changes.added()).isEmpty();
        assertThat(changes.removed()).isEmpty();
        assertThat(changes.unchanged()).isEmpty();
    }

    @Test
    void growingAddsTheMissingIdsAndKeepsTheRest() {
        InstanceChanges changes = InstanceChanges.between(Map.of(0, "v1", 1, "v1"), 4, "v1");

        assertThat(changes.added()).containsExactly(2, 3);
        assertThat(changes.unchanged()).containsExactly(0, 1);
        assertThat(changes.changed()).isEmpty();
    }

    @Test
    void shrinkingRemovesIdsOutsideTheNewRange() {
        InstanceChanges changes = InstanceChanges.between(Map.of(0, "v1", 1, "v2", 2, "v1", 3, "v1"), 2, "v2");

        assertThat(changes.removed()).containsExactly(2, 3);
        assertThat(changes.changed()).containsExactly(new InstanceChanges.Change(0, "v1", "v2"));
        assertThat(changes.unchanged()).containsExactly(1);
    }

    @Test
    void gapsLeftByKillsAreFilled() {
        InstanceChanges changes = InstanceChanges.between(Map.of(0, "v1", 2, "v1", 5, "v1"), 3, "v1");

        assertThat(changes.added()).containsExactly(1);
        assertThat(changes.removed()).containsExactly(5);
        assertThat(changes.unchanged()).containsExactly(0, 2);
    }

    @Test
    void aJobWithoutInstancesGetsThemAllAdded() {
        assertThat(InstanceChanges.between(Map.of(), 2, "v1").added()).containsExactly(0, 1);
    }
}
