package io.borealis.update.lifecycle;

/** What the application must do when an update changes status; the state machine only says so. */
public sealed interface SideEffect {

    /** Record the new status and an event for it. */
    record RecordStatus(UpdateStatus status) implements SideEffect {
    }

    /** Release the job's update lock in job-service: nothing more will be changed by this update. */
    record ReleaseLock() implements SideEffect {
    }

    /** Queue every instance the update touched (and only those) for a rollback, newest first. */
    record PrepareRollback() implements SideEffect {
    }

    /** Restart the progress-deadline clock: the update is moving again. */
    record RestartProgressClock() implements SideEffect {
    }
}
