package io.borealis.scheduler.task;

import static io.borealis.api.task.TaskStatus.ASSIGNED;
import static io.borealis.api.task.TaskStatus.DRAINING;
import static io.borealis.api.task.TaskStatus.FAILED;
import static io.borealis.api.task.TaskStatus.FINISHED;
import static io.borealis.api.task.TaskStatus.KILLED;
import static io.borealis.api.task.TaskStatus.KILLING;
import static io.borealis.api.task.TaskStatus.LOST;
import static io.borealis.api.task.TaskStatus.PARTITIONED;
import static io.borealis.api.task.TaskStatus.PENDING;
import static io.borealis.api.task.TaskStatus.PREEMPTING;
import static io.borealis.api.task.TaskStatus.RESTARTING;
import static io.borealis.api.task.TaskStatus.RUNNING;
import static io.borealis.api.task.TaskStatus.STARTING;
import static io.borealis.api.task.TaskStatus.THROTTLED;

import io.borealis.api.task.TaskStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task state machine (design §4): one table of allowed transitions, kept as data, and the side
 * effects of each. Anything not in the table (a stale, duplicate or out-of-order status) is ignored.
 * Plain Java: the caller applies the effects.
 */
public final class TaskLifecycle {

    /** What applying a transition must also do. */
    public sealed interface SideEffect {
        /** Store the new status and an event. */
        record Persist() implements SideEffect {
        }

        /** Ask Mesos to kill the task. */
        record Kill() implements SideEffect {
        }

        /** The instance lost its task: wake the convergence loop so a replacement is created at once. */
        record Reschedule() implements SideEffect {
        }

        /** The task failed: count it against the instance. */
        record CountFailure() implements SideEffect {
        }
    }

    /** The result: {@code changed} false means the transition was ignored (and nothing is to be done). */
    public record Outcome(boolean changed, List<SideEffect> effects) {
        static final Outcome IGNORED = new Outcome(false, List.of());

        public boolean has(Class<? extends SideEffect> effect) {
            return effects.stream().anyMatch(effect::isInstance);
        }
    }

    private static final Set<TaskStatus> KILL_REQUESTS = EnumSet.of(KILLING, RESTARTING, PREEMPTING, DRAINING);
    private static final Set<TaskStatus> ENDINGS = EnumSet.of(FINISHED, FAILED, KILLED, LOST, PARTITIONED);

    /** The table: from → allowed next states. Read it as sentences: "RUNNING may become KILLING, ...". */
    static final Map<TaskStatus, Set<TaskStatus>> TRANSITIONS = table();

    private static Map<TaskStatus, Set<TaskStatus>> table() {
        Map<TaskStatus, Set<TaskStatus>> t = new EnumMap<>(TaskStatus.class);
        t.put(PENDING, EnumSet.of(ASSIGNED, KILLED));
        t.put(THROTTLED, EnumSet.of(PENDING, KILLED));
        t.put(ASSIGNED, with(ENDINGS, STARTING, RUNNING, KILLING, RESTARTING, PREEMPTING, DRAINING));
        t.put(STARTING, with(ENDINGS, RUNNING, KILLING, RESTARTING, PREEMPTING, DRAINING));
        t.put(RUNNING, with(ENDINGS, KILLING, RESTARTING, PREEMPTING, DRAINING));
        t.put(KILLING, EnumSet.copyOf(ENDINGS));
        t.put(RESTARTING, EnumSet.copyOf(ENDINGS));
        t.put(PREEMPTING, EnumSet.copyOf(ENDINGS));
        t.put(DRAINING, EnumSet.copyOf(ENDINGS));
        t.put(PARTITIONED, EnumSet.of(STARTING, RUNNING, KILLING, FINISHED, FAILED, KILLED, LOST));
        for (TaskStatus terminal : EnumSet.of(FINISHED, FAILED, KILLED, LOST)) {
            t.put(terminal, EnumSet.noneOf(TaskStatus.class));
        }
        return Map.copyOf(t);
    }

    private static Set<TaskStatus> with(Set<TaskStatus> base, TaskStatus... more) {
        Set<TaskStatus> all = EnumSet.copyOf(base);
        all.addAll(List.of(more));
        return all;
    }

    public static boolean allowed(TaskStatus from, TaskStatus to) {
        return TRANSITIONS.get(from).contains(to);
    }

    /** Whether this status means a kill was asked for and is under way. */
    public static boolean isKillRequested(TaskStatus status) {
        return KILL_REQUESTS.contains(status);
    }

    public Outcome transition(TaskStatus from, TaskStatus to) {
        if (!allowed(from, to)) {
            return Outcome.IGNORED;
        }
        List<SideEffect> effects = new ArrayList<>();
        effects.add(new SideEffect.Persist());
        if (KILL_REQUESTS.contains(to)) {
            effects.add(new SideEffect.Kill());
        }
        if (to == FAILED) {
            effects.add(new SideEffect.CountFailure());
        }
        if (to.isTerminal()) {
            effects.add(new SideEffect.Reschedule());
        }
        return new Outcome(true, List.copyOf(effects));
    }
}
