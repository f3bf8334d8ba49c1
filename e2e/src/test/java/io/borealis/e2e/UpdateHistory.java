package io.borealis.e2e;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads an update as {@code GET /api/v1/updates/{id}} serves it: its instances' steps and its events. */
final class UpdateHistory {

    private UpdateHistory() {
    }

    /** How many instances of the update have left PENDING in the forward direction. */
    static int started(JsonNode update) {
        int started = 0;
        for (JsonNode instance : update.get("instances")) {
            started += "PENDING".equals(instance.get("forward").asString()) ? 0 : 1;
        }
        return started;
    }

    /** Instance → time of its (last) event with this action. */
    static Map<Integer, Instant> actions(JsonNode update, String action) {
        Map<Integer, Instant> times = new HashMap<>();
        for (JsonNode event : update.get("events")) {
            if (action.equals(event.path("action").asString(""))) {
                times.put(event.get("instance").asInt(), Instant.parse(event.get("at").asString()));
            }
        }
        return times;
    }

    static List<String> statuses(JsonNode update) {
        List<String> statuses = new ArrayList<>();
        for (JsonNode event : update.get("events")) {
            String status = event.path("status").asString("");
            if (!status.isEmpty()) {
                statuses.add(status);
            }
        }
        return statuses;
    }
}
