package io.borealis.update.rollout;

import io.borealis.api.job.JobSpec;
import io.borealis.api.job.UpdateSettings;

/** Body of {@code POST /api/v1/jobs/{role}/{env}/{name}/updates}: settings default to the spec's own. */
record StartUpdateRequest(JobSpec spec, UpdateSettings settings, String message) {
}
