package io.borealis.job.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.Constraint;
import io.borealis.api.job.HealthCheck;
import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
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

    /** Property: whatever the order of the env map, the version is the same (200 seeded random cases). */
    @RepeatedTest(200)
    void sameSpecSameVersionWhateverTheMapOrder(RepetitionInfo repetition) {
        long seed = 7919L * repetition.getCurrentRepetition();
        java.util.Random random = new java.util.Random(seed);
        StringBuilder command = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(20); i < n; i++) {
            command.append((char) ('a' + random.nextInt(26)));
        }
        int entries = 1 + random.nextInt(8);
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            forward.put("K" + i, "v" + random.nextInt(1000));
        }
        List<String> keys = new java.util.ArrayList<>(forward.keySet());
        java.util.Collections.shuffle(keys, random);
        keys.forEach(k -> backward.put(k, forward.get(k)));
        assertThat(ConfigVersion.of(config(command.toString(), forward)))
                .as("seed %d", seed)
                .isEqualTo(ConfigVersion.of(config(command.toString(), backward)));
    }
}
