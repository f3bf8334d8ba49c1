package io.borealis.scheduler.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.mesos.StatusUpdate;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UpdatesInFlightTest {

    private final UpdatesInFlight inFlight = new UpdatesInFlight();

    @Test
    void aCopyOfAnUpdateInFlightIsDroppedAndHandledAgainOnceReleased() {
        assertThat(inFlight.admit(update("t1", "uuid-1"))).isTrue();
        // a copy: equal task and uuid, distinct objects (as two events off the wire)
        assertThat(inFlight.admit(update("t1", "uuid-1"))).isFalse();
        assertThat(inFlight.dropped()).isEqualTo(1);
        assertThat(inFlight.size()).isEqualTo(1);

        inFlight.release(update("t1", "uuid-1"));

        assertThat(inFlight.size()).isZero();
        assertThat(inFlight.admit(update("t1", "uuid-1"))).as("acknowledged (or given up): a later copy is news").isTrue();
    }

    @Test
    void otherUpdatesOfTheTaskAndUpdatesWithoutUuidAlwaysPass() {
        assertThat(inFlight.admit(update("t1", "uuid-1"))).isTrue();
        assertThat(inFlight.admit(update("t1", "uuid-2"))).isTrue();
        assertThat(inFlight.admit(update("t2", "uuid-1"))).isTrue();
        assertThat(inFlight.admit(update("t1", null))).isTrue();
        assertThat(inFlight.admit(update("t1", null))).as("reconciliation answers are never held back").isTrue();
        assertThat(inFlight.dropped()).isZero();
        assertThat(inFlight.size()).isEqualTo(3);
        inFlight.release(update("t1", null));
        assertThat(inFlight.size()).isEqualTo(3);
    }

    private static StatusUpdate update(String taskId, String uuid) {
        return new StatusUpdate(taskId, "agent-1", TaskStatus.RUNNING, "TASK_RUNNING", null, null, "SOURCE_EXECUTOR", null,
                uuid == null ? null : uuid.getBytes(StandardCharsets.UTF_8));
    }
}
