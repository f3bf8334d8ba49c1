package io.borealis.scheduler.offer;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.scheduler.mesos.Offer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeldOffersTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void offersExpireOldestFirstAndOnlyOnce() {
        HeldOffers held = new HeldOffers();
        held.add(offer("a"), T0);
        held.add(offer("b"), T0.plusMillis(500));
        held.add(offer("c"), T0.plusMillis(1000));

        assertThat(held.takeOlderThan(T0.minusMillis(1))).isEmpty();
        assertThat(held.takeOlderThan(T0.plusMillis(500))).containsExactly("a", "b");
        assertThat(held.takeOlderThan(T0.plusMillis(500))).isEmpty();
        assertThat(held.offers()).extracting(Offer::id).containsExactly("c");
    }

    @Test
    void aRemovedOrClearedOfferIsGoneAndAnOfferIsNotAddedTwice() {
        HeldOffers held = new HeldOffers();
        held.add(offer("a"), T0);
        held.add(offer("a"), T0.plusSeconds(10)); // the same offer again keeps its first time
        held.add(offer("b"), T0);
        assertThat(held.size()).isEqualTo(2);
        assertThat(held.remove("a")).isNotNull();
        assertThat(held.remove("a")).isNull();
        assertThat(held.takeOlderThan(T0)).containsExactly("b");
        held.add(offer("c"), T0);
        held.clear();
        assertThat(held.isEmpty()).isTrue();
        assertThat(held.takeOlderThan(T0.plusSeconds(60))).isEmpty();
    }

    /** Random adds, removals, expiries and clears: no offer id ever leaves twice, none leaves that was not added. */
    @Test
    void noOfferLeavesTwiceUnderRandomOperations() {
        long seed = System.nanoTime();
        System.out.println("HeldOffersTest seed " + seed);
        Random random = new Random(seed);
        HeldOffers held = new HeldOffers();
        Set<String> added = new HashSet<>();
        List<String> left = new ArrayList<>();
        Instant now = T0;
        int next = 0;
        for (int step = 0; step < 5_000; step++) {
            now = now.plusMillis(random.nextInt(100));
            int op = random.nextInt(10);
            if (op < 5) {
                String id = "o" + next++;
                held.add(offer(id), now);
                added.add(id);
            } else if (op < 7 && next > 0) {
                Offer gone = held.remove("o" + random.nextInt(next));
                if (gone != null) {
                    left.add(gone.id());
                }
            } else if (op < 9) {
                left.addAll(held.takeOlderThan(now.minusMillis(random.nextInt(2_000))));
            } else if (random.nextInt(20) == 0) {
                held.offers().forEach(o -> left.add(o.id()));
                held.clear();
            }
        }
        assertThat(left).as("seed %d", seed).doesNotHaveDuplicates();
        assertThat(added).as("seed %d", seed).containsAll(left);
    }

    private static Offer offer(String id) {
        return new Offer(id, "agent-" + id, "host-" + id, Map.of(), 1, 1024, 1024, List.of(), null);
    }
}
