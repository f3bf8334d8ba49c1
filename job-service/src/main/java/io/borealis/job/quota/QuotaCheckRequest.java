package io.borealis.job.quota;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobSpec;

/** Body of {@code POST /quotas/{role}/check}: would {@code job}, running {@code spec}, fit its role's quota? */
record QuotaCheckRequest(JobKey job, JobSpec spec) {
}
