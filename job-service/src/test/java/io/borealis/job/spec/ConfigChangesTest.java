package io.borealis.job.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.Constraint;
import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {

    private static TaskConfig config(String command, Map<String, String> env, int ramMb, List<Constraint> constraints) {
        return SpecDefaults.apply(new TaskConfig(command, env, new Resources(0.25, ramMb, null, List.of("http")), null,
                constraints, null, null, true, null, null));
    }

    @Test
    void equalConfigsHaveNoChanges() {
        TaskConfig a = config("run", Map.of("A", "1"), 128, List.of());

        assertThat(ConfigChanges.between(a, a)).isEmpty();
    }

    @Test
    void namesEachChangedLeafByPathInOrder() {
        TaskConfig from = config("run v1", Map.of("A", "1", "GONE", "x"), 128, List.of(new Constraint("host", null, 1)));
        TaskConfig to = config("run v2", Map.of("A", "2", "NEW", "y"), 256,
                List.of(new Constraint("host", null, 2), new Constraint("zone", List.of("a"), null)));

        List<ConfigChanges.Change> changes = ConfigChanges.between(from, to);

        assertThat(changes).extracting(ConfigChanges.Change::path).containsExactly(
                "command", "constraints[0].limit", "constraints[1]", "env.A", "env.GONE", "env.NEW", "resources.ramMb");
        ConfigChanges.Change ram = changes.get(6);
        assertThat(ram.from().asInt()).isEqualTo(128);
        assertThat(ram.to().asInt()).isEqualTo(256);
        assertThat(changes.get(2).from()).as("a list element only on one side").isNull();
        assertThat(changes.get(2).to().path("attribute").asString()).isEqualTo("zone");
        assertThat(changes.get(4).to()).isNull();
    }

    @Test
    void comparesDefaultedConfigsSoSpellingOutADefaultIsNoChange() {
        TaskConfig implicit = config("run", null, 128, null);
        TaskConfig explicit = SpecDefaults.apply(new TaskConfig("run", Map.of(), new Resources(0.25, 128, 0, List.of("http")), null,
                List.of(), "preferred", 0, true, 1, 5));

        assertThat(ConfigChanges.between(implicit, explicit)).isEmpty();
    }
}
