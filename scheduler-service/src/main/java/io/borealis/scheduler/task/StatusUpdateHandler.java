package io.borealis.scheduler.task;

import io.borealis.scheduler.mesos.MesosClient;
import io.borealis.scheduler.mesos.MesosEvent;
import io.borealis.scheduler.mesos.StatusUpdate;
import io.borealis.scheduler.mesos.TaskRef;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * UPDATE events: the transition and its event are committed, THEN the update is acknowledged (only
 * if it carries a uuid). A terminal update wakes the convergence loop; an unknown task is killed.
 */
@Component
class StatusUpdateHandler {

    private static final Logger log = LoggerFactory.getLogger(StatusUpdateHandler.class);

    private final TaskStore store;
    private final TaskKiller killer;
    private final StateLock lock;
    private final MesosClient mesos;
    private final ConvergenceLoop convergence;

    StatusUpdateHandler(TaskStore store, TaskKiller killer, StateLock lock, MesosClient mesos, ConvergenceLoop convergence) {
        this.store = store;
        this.killer = killer;
        this.lock = lock;
        this.mesos = mesos;
        this.convergence = convergence;
    }

    @EventListener
    void onUpdate(MesosEvent.Updated event) {
        StatusUpdate update = event.update();
        lock.run(() -> {
            var applied = store.apply(update.taskId(), update.status(), update.describe(), source(update), update.healthy());
            if (applied.isEmpty()) {
                if (!update.status().isTerminal()) {
                    log.warn("Update {} for unknown task {}: killing it", update.mesosState(), update.taskId());
                    mesos.kill(new TaskRef(update.taskId(), update.agentId()), null);
                }
            } else {
                TaskLifecycle.Outcome outcome = applied.get().outcome();
                if (outcome.has(TaskLifecycle.SideEffect.Kill.class)) {
                    killer.send(applied.get().task());
                }
                if (outcome.has(TaskLifecycle.SideEffect.Reschedule.class)) {
                    killer.forget(update.taskId());
                    convergence.wake();
                }
            }
            mesos.acknowledge(update);
        });
    }

    private static String source(StatusUpdate update) {
        return update.source().replace("SOURCE_", "").toLowerCase(Locale.ROOT);
    }
}
