package io.borealis.update.rollout;

import io.borealis.update.lifecycle.SideEffect;
import io.borealis.update.lifecycle.Transition;
import java.time.Instant;
import java.util.List;

/**
 * Records a status change and its side effects inside the caller's transaction. Releasing the
 * lock is an outside call: it is reported back and made after the commit.
 */
final class StatusChanges {

    private StatusChanges() {
    }

    /** Applies the transition; answers whether the job's lock must now be released. */
    static boolean apply(JobUpdate update, List<UpdateInstance> instances, Transition.Allowed transition,
            String message, String actor, JobUpdateEvents events, Instant now) {
        boolean release = false;
        for (SideEffect effect : transition.sideEffects()) {
            if (effect instanceof SideEffect.RecordStatus record) {
                update.moveTo(record.status(), now);
                events.save(JobUpdateEvent.statusChanged(update.id(), record.status(), now, message).by(actor));
            } else if (effect instanceof SideEffect.PrepareRollback) {
                update.rollbackStarted();
                instances.stream().filter(i -> i.state().touched()).forEach(UpdateInstance::queueRollback);
            } else if (effect instanceof SideEffect.RestartProgressClock) {
                update.restartProgressClock(now);
            } else if (effect instanceof SideEffect.ReleaseLock) {
                release = true;
            }
        }
        return release;
    }
}
