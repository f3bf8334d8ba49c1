package io.borealis.update.rollout;

import io.borealis.api.job.JobKey;
import io.borealis.update.lifecycle.UpdateStatus;
import java.util.UUID;

/** An update the driver looks at, with its job and status: enough to tell which task events concern it. */
record Driven(UUID id, String role, String environment, String name, UpdateStatus status) {

    JobKey job() {
        return new JobKey(role, environment, name);
    }
}
