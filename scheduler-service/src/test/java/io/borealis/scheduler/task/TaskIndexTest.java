package io.borealis.scheduler.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TaskIndexTest {

    private static final JobKey WEB = new JobKey("web", "prod", "api");
    private static final JobKey BATCH = new JobKey("etl", "prod", "nightly");
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123456789Z");

    private final TaskIndex index = new TaskIndex(7);

    @Test
    void pendingTasksComeOldestFirstInSlicesAndLeaveWhenAssigned() {
        Task a = task("a", WEB, 0, T0);
        Task b = task("b", WEB, 1, T0.plusMillis(1));
        Task c = task("c", BATCH, 0, T0.plusMillis(2));
        List.of(c, a, b).forEach(index::put);

        assertThat(ids(index.pending(null, 10))).containsExactly("a", "b", "c");
        assertThat(ids(index.pending(null, 2))).containsExactly("a", "b");
        assertThat(ids(index.pending(b, 2))).containsExactly("c");
        assertThat(index.pending(c, 2)).isEmpty();

        // the committed copy read back from the database carries a creation time cut to microseconds
        Task assigned = copy(b, TaskStatus.ASSIGNED);
        index.put(assigned);

        assertThat(ids(index.pending(null, 10))).containsExactly("a", "c");
        assertThat(index.pendingCount()).isEqualTo(2);
        assertThat(index.liveOf(WEB)).containsExactlyInAnyOrder(a, assigned);
    }

    @Test
    void aPrunedInstanceIsForgottenButOnlyWhileItsNewestTaskIsTheOnePruned() {
        Task ended = copy(task("old", WEB, 0, T0), TaskStatus.KILLED);
        Task other = copy(task("other", WEB, 1, T0), TaskStatus.KILLED);
        List.of(ended, other).forEach(index::put);

        index.forget(ended);
        assertThat(index.newestOf(WEB)).containsExactly(other);
        index.forget(other);
        assertThat(index.newestOf(WEB)).isEmpty();
        assertThat(index.jobs()).isEmpty();

        // a newer task of the instance came meanwhile: it stays
        Task again = task("again", BATCH, 0, T0.plusSeconds(5));
        index.put(again);
        index.forget(copy(task("before", BATCH, 0, T0), TaskStatus.FINISHED));
        assertThat(index.newestOf(BATCH)).containsExactly(again);
    }

    @Test
    void aTerminalTaskLeavesTheLiveViewsButStaysTheNewestOfItsInstance() {
        Task first = task("first", WEB, 0, T0);
        index.put(first);
        Task lost = copy(first, TaskStatus.LOST);
        index.put(lost);

        assertThat(index.live()).isEmpty();
        assertThat(index.liveOf(WEB)).isEmpty();
        assertThat(index.hasPending()).isFalse();
        assertThat(index.newestOf(WEB)).containsExactly(lost);
        assertThat(index.jobs()).containsExactly(WEB);

        Task replacement = task("second", WEB, 0, T0.plusSeconds(1));
        index.put(replacement);
        index.put(copy(lost, TaskStatus.LOST)); // a late copy of the older task does not win
        assertThat(index.newestOf(WEB)).containsExactly(replacement);
        assertThat(index.newest()).containsExactly(replacement);
    }

    /** Whatever order of changes, the index answers as a scan of the last committed copy of every task would. */
    @Test
    void agreesWithAFullScanAfterRandomChanges() {
        Random random = new Random(20261125);
        List<TaskStatus> statuses = List.of(TaskStatus.PENDING, TaskStatus.ASSIGNED, TaskStatus.RUNNING,
                TaskStatus.KILLING, TaskStatus.FAILED, TaskStatus.KILLED);
        Map<String, Task> last = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int step = 0; step < 3000; step++) {
            Task next;
            if (ids.isEmpty() || random.nextInt(3) == 0) {
                JobKey job = random.nextBoolean() ? WEB : BATCH;
                next = task("t" + step, job, random.nextInt(20), T0.plusNanos(random.nextInt(1_000_000_000)));
                ids.add(next.taskId());
            } else {
                Task known = last.get(ids.get(random.nextInt(ids.size())));
                next = copy(known, statuses.get(random.nextInt(statuses.size())));
            }
            last.put(next.taskId(), next);
            index.put(next);
        }
        List<Task> live = last.values().stream().filter(t -> !TaskStore.TERMINAL.contains(t.status())).toList();
        List<Task> pending = new ArrayList<>(live.stream().filter(t -> t.status() == TaskStatus.PENDING).toList());
        pending.sort(TaskIndex.OLDEST_FIRST);

        assertThat(ids(index.live())).containsExactlyInAnyOrderElementsOf(ids(live));
        assertThat(ids(index.liveOf(WEB))).containsExactlyInAnyOrderElementsOf(
                ids(live.stream().filter(t -> t.job().equals(WEB)).toList()));
        assertThat(ids(index.pending(null, Integer.MAX_VALUE))).containsExactlyElementsOf(ids(pending));
        assertThat(index.pendingCount()).isEqualTo(pending.size());
        Map<JobKey, Map<TaskStatus, Integer>> counts = new HashMap<>();
        live.forEach(t -> counts.computeIfAbsent(t.job(), j -> new EnumMap<>(TaskStatus.class))
                .merge(t.status(), 1, Integer::sum));
        assertThat(index.counts()).isEqualTo(counts);
    }

    private static Task task(String id, JobKey job, int instance, Instant createdAt) {
        return new Task(id, job, instance, "v1", "{}", null, 0, createdAt);
    }

    /** The task as a later transaction commits it: read back (microseconds), then moved to {@code status}. */
    private static Task copy(Task task, TaskStatus status) {
        Task copy = new Task(task.taskId(), task.job(), task.instance(), task.configVersion(), "{}", null, 0,
                task.createdAt().truncatedTo(ChronoUnit.MICROS));
        if (status != TaskStatus.PENDING) {
            copy.moveTo(status, task.createdAt().plusSeconds(1));
        }
        return copy;
    }

    private static List<String> ids(Collection<Task> tasks) {
        return tasks.stream().map(Task::taskId).toList();
    }
}
