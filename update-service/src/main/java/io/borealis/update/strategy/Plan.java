package io.borealis.update.strategy;

import java.util.List;

/**
 * What to start now (in this order, all in one new batch) and, when nothing can start although
 * instances are pending, why ({@code null} otherwise).
 */
public record Plan(List<Integer> start, String waitingFor) {

    public Plan {
        start = List.copyOf(start);
    }

    static Plan waiting(String why) {
        return new Plan(List.of(), why);
    }

    static Plan nothing() {
        return new Plan(List.of(), null);
    }
}
