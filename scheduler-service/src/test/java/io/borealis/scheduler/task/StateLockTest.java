package io.borealis.scheduler.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StateLockTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StateLock lock = new StateLock(meters);
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void anActionAskedForUnderTheLockRunsOnceTheOutermostHoldEndsInOrder() {
        lock.run(() -> {
            lock.afterRelease(() -> log.add("kill 1"));
            lock.run(() -> lock.afterRelease(() -> log.add("kill 2"))); // nested: still held afterwards
            log.add("end of hold");
        });
        assertThat(log).containsExactly("end of hold", "kill 1", "kill 2");
    }

    @Test
    void theHoldIsTimedBeforeTheActionsAfterItRunSoTheirTimeIsNotCountedAsHeld() {
        lock.run(() -> lock.afterRelease(() -> log.add("holds timed so far: "
                + meters.get("borealis.state.lock.held").timer().count())));
        assertThat(log).containsExactly("holds timed so far: 1");
    }

    @Test
    void anActionAskedForOutsideTheLockRunsAtOnce() {
        lock.afterRelease(() -> log.add("now"));
        assertThat(log).containsExactly("now");
    }

    @Test
    void actionsRunAfterAHoldThatThrewAndOneFailingActionDoesNotStopTheOthers() {
        assertThatThrownBy(() -> lock.run(() -> {
            lock.afterRelease(() -> {
                throw new IllegalStateException("master unreachable");
            });
            lock.afterRelease(() -> log.add("second"));
            throw new IllegalArgumentException("the hold failed");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(log).containsExactly("second");
        // nothing is left over for the next hold
        lock.run(() -> log.add("next hold"));
        assertThat(log).containsExactly("second", "next hold");
    }

    @Test
    void theActionRunsWithoutTheLockSoItMayTakeItAgain() throws Exception {
        lock.run(() -> lock.afterRelease(() -> {
            Thread other = new Thread(() -> lock.run(() -> log.add("other thread got the lock")));
            other.start();
            try {
                other.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(log).containsExactly("other thread got the lock");
    }
}
