package io.borealis.update.rollout;

import io.borealis.update.gateway.JobServiceClient;
import io.borealis.update.gateway.UpstreamException;
import io.borealis.update.http.ApiException;
import io.borealis.update.http.ProblemType;
import io.borealis.update.lifecycle.Transition;
import io.borealis.update.lifecycle.UpdateKind;
import io.borealis.update.lifecycle.UpdateStateMachine;
import io.borealis.update.lifecycle.UpdateStatus;
import io.borealis.update.lifecycle.UpdateVerb;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Pause, resume, abort, rollback and pulse: each asks the state machine, is recorded with who asked. */
@Service
class UpdateCommands {

    private static final int ATTEMPTS = 5;

    private final JobUpdates updates;
    private final JobUpdateEvents events;
    private final UpdateInstances instances;
    private final JobServiceClient jobs;
    private final TransactionTemplate transactions;
    private final UpdateDriver driver;
    private final Clock clock;

    UpdateCommands(JobUpdates updates, JobUpdateEvents events, UpdateInstances instances, JobServiceClient jobs,
            TransactionTemplate transactions, UpdateDriver driver, Clock clock) {
        this.updates = updates;
        this.events = events;
        this.instances = instances;
        this.jobs = jobs;
        this.transactions = transactions;
        this.driver = driver;
        this.clock = clock;
    }

    /** Applies the verb; answers the status the update is in afterwards. */
    UpdateStatus apply(UUID id, UpdateVerb verb, String message, String user) {
        Outcome outcome = decide(id, verb, message, user);
        if (outcome.releaseLock()) {
            releaseLock(outcome.update());
        }
        driver.wake();
        return outcome.status();
    }

    /** The verb's own transaction, retried only while the driver's concurrent write wins the version race. */
    private Outcome decide(UUID id, UpdateVerb verb, String message, String user) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(tx -> once(id, verb, message, user));
            } catch (ObjectOptimisticLockingFailureException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Best effort once the verb has committed: a failure here must not re-run the verb (it already
     * happened); the driver releases the lock of any finished update that still holds one.
     */
    private void releaseLock(JobUpdate update) {
        try {
            jobs.unlock(update.job(), update.id().toString());
            transactions.executeWithoutResult(tx -> updates.findById(update.id()).ifPresent(u -> {
                u.lockReleased();
                updates.saveAndFlush(u);
            }));
        } catch (UpstreamException | ObjectOptimisticLockingFailureException e) {
            // left to the driver
        }
    }

    private record Outcome(JobUpdate update, UpdateStatus status, boolean releaseLock) {
    }

    private Outcome once(UUID id, UpdateVerb verb, String message, String user) {
        JobUpdate update = updates.findById(id).orElseThrow(() -> new ApiException(ProblemType.UPDATE_NOT_FOUND,
                "no update " + id, Map.of("updateId", id.toString())));
        UpdateStatus from = update.status();
        UpdateStatus to = verb.target(from);
        Instant now = clock.instant();
        String note = verb.name().toLowerCase() + (message == null || message.isBlank() ? "" : ": " + message);
        if (verb == UpdateVerb.PULSE && from.isActive()) {
            update.pulse(now);
            if (to == from) {
                events.save(JobUpdateEvent.statusChanged(id, from, now, note).by(user));
                updates.saveAndFlush(update);
                return new Outcome(update, from, false);
            }
        }
        if (verb == UpdateVerb.ROLLBACK && update.kind() == UpdateKind.RESTART) {
            throw new ApiException(ProblemType.ILLEGAL_TRANSITION, "a rolling restart has no older config to roll"
                    + " back to; abort it instead", Map.of("updateId", id.toString(), "status", from.name(),
                    "verb", "rollback"));
        }
        Transition transition = from == to ? new Transition.Illegal(from, to) : UpdateStateMachine.transition(from, to);
        if (!(transition instanceof Transition.Allowed allowed)) {
            throw new ApiException(ProblemType.ILLEGAL_TRANSITION, "cannot " + verb.name().toLowerCase()
                    + " an update that is " + from, Map.of("updateId", id.toString(), "status", from.name(),
                    "verb", verb.name().toLowerCase()));
        }
        boolean release = StatusChanges.apply(update, instances.findByUpdateIdOrderByOrdinal(id), allowed, note, user,
                events, now);
        updates.saveAndFlush(update);
        return new Outcome(update, update.status(), release);
    }
}
