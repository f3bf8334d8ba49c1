package io.borealis.api.job;

/**
 * What a user asks for (design §7): the job's key, how many instances, what kind, the task each
 * instance runs, an optional cron schedule and the default settings for its rolling updates.
 */
public record JobSpec(
        JobKey key,
        Integer instances,
        JobKind kind,
        TaskConfig task,
        CronSpec cron,
        UpdateSettings updateSettings) {
}
