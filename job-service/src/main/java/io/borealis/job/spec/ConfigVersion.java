package io.borealis.job.spec;

import io.borealis.api.job.TaskConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The version of a task config: the first 12 hex characters of the SHA-256 of its canonical JSON
 * (object keys sorted, null fields left out, no insignificant whitespace). Hash a config after
 * {@link SpecDefaults} so that spelling a default out does not change the version.
 */
public final class ConfigVersion {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final int LENGTH = 12;

    private ConfigVersion() {
    }

    public static String of(TaskConfig config) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson(config).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The canonical form that is hashed: sorted keys, no nulls, compact. */
    public static String canonicalJson(TaskConfig config) {
        return MAPPER.writeValueAsString(canonical(MAPPER.valueToTree(config)));
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (var entry : node.properties()) {
                if (!entry.getValue().isNull()) {
                    sorted.put(entry.getKey(), canonical(entry.getValue()));
                }
            }
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            sorted.forEach(result::set);
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : node) {
                result.add(canonical(element));
            }
            return result;
        }
        return node;
    }
}
