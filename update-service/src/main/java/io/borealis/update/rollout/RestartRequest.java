package io.borealis.update.rollout;

import io.borealis.api.job.UpdateSettings;
import java.util.List;

/**
 * Body of {@code POST /api/v1/jobs/{role}/{env}/{name}/restart}: which instances (all when left
 * out), how (the job's own update settings when left out) and why.
 */
record RestartRequest(List<Integer> instances, UpdateSettings settings, String message) {
}
