package io.borealis.gateway.hooks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Delivery ids of hooks, so that a redelivery (a CI system retrying after a timeout, an operator
 * pressing "redeliver") does not start its update twice: while the first is being handled a second
 * is refused, and once it started an update the same answer is given again. A delivery that did not
 * start an update is forgotten, so it may be retried. Only the newest {@code capacity} are kept, in
 * memory: after a gateway restart a redelivery reaches update-service again, which answers 409 while
 * the update runs, and starts a no-op update after it finished (same spec, nothing to change).
 */
final class Deliveries {

    /** The answer that was given to a delivery: status, body, Location. */
    record Answer(int status, String contentType, byte[] body, String location) {
    }

    private static final Answer IN_PROGRESS = new Answer(0, null, new byte[0], null);

    private final Map<String, Answer> answers;

    Deliveries(int capacity) {
        this.answers = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Null if this delivery is new (it is now in progress); else the earlier answer, or {@link #inProgress()}. */
    synchronized Answer begin(String delivery) {
        Answer earlier = answers.get(delivery);
        if (earlier == null) {
            answers.put(delivery, IN_PROGRESS);
        }
        return earlier;
    }

    /** The delivery was answered: remembered if it started an update (2xx), else forgotten. */
    synchronized void end(String delivery, Answer answer) {
        if (answer.status() >= 200 && answer.status() < 300) {
            answers.put(delivery, answer);
        } else {
            answers.remove(delivery);
        }
    }

    static Answer inProgress() {
        return IN_PROGRESS;
    }
}
