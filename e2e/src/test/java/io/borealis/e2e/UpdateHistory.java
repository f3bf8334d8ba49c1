package io.borealis.e2e;

import static org.awaitility.Awaitility.await;

import io.borealis.api.event.EventStreamClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /** Each of the update's events as "status-or-action instance": its history, in order. */
    static List<String> steps(JsonNode update) {
        List<String> steps = new ArrayList<>();
        update.get("events").forEach(event -> steps.add(step(event)));
        return steps;
    }

    /** One event (of the history, or of the stream) as "status-or-action instance". */
    static String step(JsonNode event) {
        String what = event.path("status").asString("");
        return (what.isEmpty() ? event.path("action").asString("") : what) + " " + event.path("instance").asString("");
    }

    /**
     * The update's events as {@code GET /api/v1/updates/{id}/events?after=0} streams them through the
     * gateway, once as many as its history holds have arrived (at most 30 s).
     */
    static List<JsonNode> streamed(String gateway, JsonNode update) {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        URI uri = URI.create(gateway + "/api/v1/updates/" + update.get("id").asString() + "/events?after=0");
        try (EventStreamClient stream = new EventStreamClient("e2e-update-events", uri, null, Duration.ofMillis(500),
                event -> events.add(Http.JSON.readTree(event.data())))) {
            stream.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> events.size() >= update.get("events").size());
        }
        return List.copyOf(events);
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
