package io.borealis.scheduler.placement;

import java.util.EnumMap;
import java.util.Map;

/**
 * One placement round's memory for the tasks of one (job, config version): they have the same needs,
 * so an agent that refused one of them refuses the rest for the rest of the round (offers only shrink
 * and the job's spread only grows while a round runs). Refusing agents are dropped from the class's
 * live list and counted by veto; static checks run once per agent. The cost of a round therefore grows
 * with the distinct configs, not with the tasks.
 */
final class EquivalenceClass {

    private final int[] live;
    private final boolean[] staticPassed;
    private final Map<Veto, Integer> vetoes = new EnumMap<>(Veto.class);
    private int liveCount;

    EquivalenceClass(int slots) {
        live = new int[slots];
        for (int i = 0; i < slots; i++) {
            live[i] = i;
        }
        liveCount = slots;
        staticPassed = new boolean[slots];
    }

    int liveCount() {
        return liveCount;
    }

    int liveAt(int position) {
        return live[position];
    }

    boolean staticPassed(int slot) {
        return staticPassed[slot];
    }

    void passedStatic(int slot) {
        staticPassed[slot] = true;
    }

    void refused(Veto veto) {
        vetoes.merge(veto, 1, Integer::sum);
    }

    /** Keeps, in order, the live slots at positions {@code kept} (ascending) of the first {@code scanned} ones. */
    void compact(int[] kept, int keptCount, int scanned) {
        if (keptCount == scanned) {
            return;
        }
        for (int i = 0; i < keptCount; i++) {
            live[i] = live[kept[i]];
        }
        System.arraycopy(live, scanned, live, keptCount, liveCount - scanned);
        liveCount -= scanned - keptCount;
    }

    /** Every agent that refused the class, by reason (complete once no live agent is left). */
    Map<Veto, Integer> vetoes() {
        return Map.copyOf(vetoes);
    }
}
