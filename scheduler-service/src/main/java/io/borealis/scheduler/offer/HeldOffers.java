package io.borealis.scheduler.offer;

import io.borealis.scheduler.mesos.Offer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offers we hold, oldest first, each with the time it arrived. Not thread-safe: the caller
 * serialises (the state lock). An offer leaves by {@link #remove} (used or rescinded), by
 * {@link #takeOlderThan} (to be declined) or by {@link #clear} (the subscription ended), and it is
 * never added twice.
 */
final class HeldOffers {

    private record Held(Offer offer, Instant since) {
    }

    private final Map<String, Held> held = new LinkedHashMap<>();

    void add(Offer offer, Instant now) {
        held.putIfAbsent(offer.id(), new Held(offer, now));
    }

    /** The offer, if it was held. */
    Offer remove(String offerId) {
        Held gone = held.remove(offerId);
        return gone == null ? null : gone.offer();
    }

    /** Removes and returns the ids of the offers held since {@code cutoff} or before. */
    List<String> takeOlderThan(Instant cutoff) {
        List<String> taken = new ArrayList<>();
        Iterator<Held> it = held.values().iterator();
        while (it.hasNext()) {
            Held next = it.next();
            if (next.since().isAfter(cutoff)) {
                break; // oldest first: the rest are younger
            }
            taken.add(next.offer().id());
            it.remove();
        }
        return taken;
    }

    List<Offer> offers() {
        return held.values().stream().map(Held::offer).toList();
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    int size() {
        return held.size();
    }

    void clear() {
        held.clear();
    }
}
