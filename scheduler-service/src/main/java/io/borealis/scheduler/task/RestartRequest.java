package io.borealis.scheduler.task;

import io.borealis.api.job.JobKey;
import java.util.List;

/** {@code POST /api/v1/tasks/restart}: restart these instances of the job (same config); {@code message} is optional. */
record RestartRequest(JobKey job, List<Integer> instances, String message) {
}
