package io.borealis.job.spec;

import io.borealis.api.job.TaskConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Field-level differences between two task configs, compared in their canonical JSON form (so
 * hash the same configs after {@link SpecDefaults}). Objects are compared by key, lists by
 * position; a field present on one side only has {@code null} on the other.
 */
public final class ConfigChanges {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** One differing leaf (or a whole subtree present on one side only): its path and both values. */
    public record Change(String path, JsonNode from, JsonNode to) {
    }

    private ConfigChanges() {
    }

    /** The differences, in path order, empty when the configs are equal. */
    public static List<Change> between(TaskConfig from, TaskConfig to) {
        List<Change> changes = new ArrayList<>();
        compare("", tree(from), tree(to), changes);
        return changes;
    }

    private static JsonNode tree(TaskConfig config) {
        return config == null ? null : MAPPER.readTree(ConfigVersion.canonicalJson(config));
    }

    private static void compare(String path, JsonNode from, JsonNode to, List<Change> changes) {
        if (from == null || to == null || from.isNull() || to.isNull()) {
            if (!absent(from) || !absent(to)) {
                changes.add(new Change(path, absent(from) ? null : from, absent(to) ? null : to));
            }
        } else if (from.isObject() && to.isObject()) {
            TreeSet<String> keys = new TreeSet<>(from.propertyNames());
            keys.addAll(to.propertyNames());
            for (String key : keys) {
                compare(path.isEmpty() ? key : path + "." + key, from.get(key), to.get(key), changes);
            }
        } else if (from.isArray() && to.isArray()) {
            for (int i = 0; i < Math.max(from.size(), to.size()); i++) {
                compare(path + "[" + i + "]", from.get(i), to.get(i), changes);
            }
        } else if (!from.equals(to)) {
            changes.add(new Change(path, from, to));
        }
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }
}
