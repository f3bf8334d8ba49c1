package io.borealis.scheduler.placement;

import java.util.HashMap;
import java.util.Map;

/**
 * How many active tasks each job has per attribute value ("web/prod/hello" → "host" → "a1" → 2),
 * for limit constraints. Placements made in a round are added as they happen.
 */
public final class JobSpread {

    private final Map<String, Map<String, Map<String, Integer>>> counts = new HashMap<>();

    /** Counts one active task of {@code job} on an agent with these attributes ({@code host} defaults to the hostname). */
    public void add(String job, String hostname, Map<String, String> attributes) {
        Map<String, Map<String, Integer>> byAttribute = counts.computeIfAbsent(job, j -> new HashMap<>());
        attributes.forEach((name, value) -> count(byAttribute, name, value));
        if (hostname != null && !attributes.containsKey("host")) {
            count(byAttribute, "host", hostname);
        }
    }

    private static void count(Map<String, Map<String, Integer>> byAttribute, String name, String value) {
        byAttribute.computeIfAbsent(name, n -> new HashMap<>()).merge(value, 1, Integer::sum);
    }

    public int count(String job, String attribute, String value) {
        return counts.getOrDefault(job, Map.of()).getOrDefault(attribute, Map.of()).getOrDefault(value, 0);
    }
}
