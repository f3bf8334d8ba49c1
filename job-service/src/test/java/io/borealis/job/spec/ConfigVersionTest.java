package io.borealis.job.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.Constraint;
import io.borealis.api.job.HealthCheck;
import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ConfigVersionTest {

    static TaskConfig config(String command, Map<String, String> env) {
        return new TaskConfig(command, env, new Resources(0.25, 128, 128, List.of("http")),
                new HealthCheck(new HealthCheck.Http("http", "/"), null, null, 5, 2, 1, 3),
                List.of(new Constraint("host", null, 1)), null, null, null, null, null);
    }

    @Test
    void versionIsTwelveHexCharacters() {
        assertThat(ConfigVersion.of(SpecDefaults.apply(config("run", Map.of())))).matches("[0-9a-f]{12}");
    }

    @Test
    void canonicalJsonSortsKeysDropsNullsAndHasNoWhitespace() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ZED", "1");
        env.put("ALPHA", "2");
        String json = ConfigVersion.canonicalJson(config("run", env));

        assertThat(json).startsWith("{\"command\":\"run\",\"constraints\":[{\"attribute\":\"host\",\"limit\":1}],\"env\":{\"ALPHA\":\"2\",\"ZED\":\"1\"}");
        assertThat(json).doesNotContain("null").doesNotContain(" ").doesNotContain("\n");
    }

    @Test
    void spellingOutADefaultKeepsTheVersion() {
        TaskConfig implicit = config("run", null);
        TaskConfig explicit = new TaskConfig("run", Map.of(), new Resources(0.25, 128, 128, List.of("http")),
                new HealthCheck(new HealthCheck.Http("http", "/"), null, null, 5, 2, 1, 3),
                List.of(new Constraint("host", null, 1)), "preferred", 0, false, 1, 5);

        assertThat(ConfigVersion.of(SpecDefaults.apply(explicit))).isEqualTo(ConfigVersion.of(SpecDefaults.apply(implicit)));
    }

    @Test
    void anyChangeChangesTheVersion() {
        assertThat(ConfigVersion.of(config("run", Map.of()))).isNotEqualTo(ConfigVersion.of(config("run2", Map.of())));
        assertThat(ConfigVersion.of(config("run", Map.of("A", "1")))).isNotEqualTo(ConfigVersion.of(config("run", Map.of("A", "2"))));
    }

    @Property(tries = 200)
    void sameSpecSameVersionWhateverTheMapOrder(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String command,
            @ForAll @IntRange(min = 1, max = 8) int entries) {
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            forward.put("K" + i, "v" + i);
        }
        for (int i = entries - 1; i >= 0; i--) {
            backward.put("K" + i, "v" + i);
        }
        assertThat(ConfigVersion.of(config(command, forward))).isEqualTo(ConfigVersion.of(config(command, backward)));
    }
}
