package io.borealis.job.registry;

import io.borealis.api.job.JobKey;
import io.borealis.job.http.ApiException;
import io.borealis.job.http.ProblemType;
import io.borealis.job.spec.FieldFault;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The update lock of a job (design §3.3): one update at a time changes a job's instances, and
 * while it does, users cannot add or kill instances or delete the job. Taking the lock again with
 * the same holder and releasing a free lock are no-ops, so update-service may retry both.
 */
@Service
class UpdateLocks {

    private final Jobs jobs;
    private final TaskConfigs configs;
    private final Clock clock;

    UpdateLocks(Jobs jobs, TaskConfigs configs, Clock clock) {
        this.jobs = jobs;
        this.configs = configs;
        this.clock = clock;
    }

    @Transactional
    public LockView lock(JobKey key, String holder) {
        Job job = JobRegistry.lock(jobs, key);
        if (job.lockHolder() == null) {
            job.lock(holder, clock.instant().truncatedTo(ChronoUnit.MICROS));
        } else if (!job.lockHolder().equals(holder)) {
            throw lockedBy(job, "cannot lock job " + key);
        }
        return new LockView(job.lockHolder(), job.lockedSince());
    }

    /**
     * Releases the lock held by {@code holder}, and drops the config versions no instance and not
     * the newest spec use any more (kept until now: a rollback may need any of them).
     */
    @Transactional
    public void release(JobKey key, String holder) {
        Job job = JobRegistry.lock(jobs, key);
        if (job.lockHolder() == null) {
            return;
        }
        if (!job.lockHolder().equals(holder)) {
            throw lockedBy(job, "cannot unlock job " + key);
        }
        job.unlock();
        configs.deleteUnused(job.id(), job.currentVersion());
    }

    @Transactional(readOnly = true)
    public LockView view(JobKey key) {
        Job job = jobs.findByRoleAndEnvironmentAndName(key.role(), key.environment(), key.name())
                .orElseThrow(() -> JobQueries.notFound(key));
        if (job.lockHolder() == null) {
            throw new ApiException(ProblemType.LOCK_NOT_FOUND, "job " + key + " is not locked",
                    List.of(new FieldFault("key", "not locked")));
        }
        return new LockView(job.lockHolder(), job.lockedSince());
    }

    /** Users' changes to instances: refused while an update holds the lock. */
    static void refuseIfLocked(Job job) {
        if (job.lockHolder() != null) {
            throw lockedBy(job, "A running job's config cannot be changed outside an update: job " + job.key());
        }
    }

    /** An update's change: allowed only under its own lock. */
    static void requireHolder(Job job, String holder) {
        if (job.lockHolder() == null) {
            throw new ApiException(ProblemType.LOCK_NOT_HELD,
                    "job " + job.key() + " is not locked; update " + holder + " must take the lock first",
                    List.of(new FieldFault("holder", "does not hold the lock of job " + job.key())));
        }
        if (!job.lockHolder().equals(holder)) {
            throw lockedBy(job, "update " + holder + " does not hold the lock of job " + job.key());
        }
    }

    private static ApiException lockedBy(Job job, String what) {
        return new ApiException(ProblemType.JOB_LOCKED,
                what + " is locked by update " + job.lockHolder() + " since " + job.lockedSince(),
                List.of(new FieldFault("key", "locked by update " + job.lockHolder())),
                Map.of("holder", job.lockHolder(), "since", job.lockedSince().toString()));
    }
}
