package io.borealis.scheduler.reconciliation;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One explicit reconciliation, begun by a subscription: which of our tasks still owe a status newer
 * than the round's start, and how long to wait before asking them again. Pure (the caller brings the
 * time); safe for status updates arriving on another thread than the asking one.
 */
final class ReconciliationRound {

    /** What the round looks like from outside (health details, metrics, benchmarks). */
    record View(long round, Instant startedAt, int asked, int outstanding, int asks, Instant completedAt) {
    }

    private final long number;
    private final Instant startedAt;
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final Duration maxDelay;
    private volatile Set<String> outstanding;
    private volatile int asked = -1;
    private volatile int asks;
    private volatile Duration nextDelay;
    private volatile Instant completedAt;
    private volatile Instant lastProgress;

    ReconciliationRound(long number, Instant startedAt, Duration firstDelay, Duration maxDelay) {
        this.number = number;
        this.startedAt = startedAt;
        this.nextDelay = firstDelay;
        this.maxDelay = maxDelay;
    }

    long number() {
        return number;
    }

    /** A status for this task arrived after the round began (with or without uuid). */
    void answered(String taskId, Instant at) {
        answered.add(taskId);
        Set<String> waiting = outstanding;
        if (waiting != null && waiting.remove(taskId)) {
            lastProgress = at;
            if (waiting.isEmpty() && completedAt == null) {
                completedAt = at;
            }
        }
    }

    /**
     * The tasks to ask about now: those of {@code candidates} (our non-terminal tasks placed on an
     * agent) with no status since the round began. Tasks no longer among the candidates (ended or
     * removed meanwhile) owe nothing. Empty means the round is complete.
     */
    Set<String> toAsk(Collection<String> candidates, Instant now) {
        Set<String> waiting = ConcurrentHashMap.newKeySet();
        for (String taskId : candidates) {
            if (!answered.contains(taskId)) {
                waiting.add(taskId);
            }
        }
        outstanding = waiting;
        if (asked < 0) {
            asked = waiting.size();
        }
        if (waiting.isEmpty()) {
            if (completedAt == null) {
                completedAt = now;
            }
        } else {
            asks++;
        }
        return Set.copyOf(waiting);
    }

    /** The wait before the next ask: it doubles each time, up to the cap. */
    Duration backoff() {
        Duration delay = nextDelay;
        Duration doubled = delay.multipliedBy(2);
        nextDelay = doubled.compareTo(maxDelay) < 0 ? doubled : maxDelay;
        return delay.compareTo(maxDelay) < 0 ? delay : maxDelay;
    }

    /**
     * How much longer to hold the next ask because the master is still answering the last one: an
     * outstanding task answered less than {@code quiet} ago. Asking again then would only make the
     * master repeat answers already on their way (with 100,000 tasks, tens of thousands). Zero: ask now.
     */
    Duration holdBeforeAsking(Instant now, Duration quiet) {
        Instant last = lastProgress;
        if (last == null) {
            return Duration.ZERO;
        }
        Duration since = Duration.between(last, now);
        return since.compareTo(quiet) >= 0 ? Duration.ZERO : quiet.minus(since);
    }

    boolean complete() {
        return completedAt != null;
    }

    View view() {
        Set<String> waiting = outstanding;
        return new View(number, startedAt, Math.max(asked, 0), waiting == null ? -1 : waiting.size(), asks, completedAt);
    }
}
