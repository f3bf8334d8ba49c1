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
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome outcome = transactions.execute(tx -> once(id, verb, message, user));
                if (outcome.releaseLock()) {
                    try {
                        jobs.unlock(outcome.update().job(), id.toString());
                        transactions.executeWithoutResult(tx -> updates.findById(id).ifPresent(u -> {
                            u.lockReleased();
                            updates.saveAndFlush(u);
                        }));
                    } catch (UpstreamException e) {
                        // the driver releases it later: finished updates whose lock is held are driven
                    }
                }
                driver.wake();
                return outcome.status();
            } catch (ObjectOptimisticLockingFailureException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
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
