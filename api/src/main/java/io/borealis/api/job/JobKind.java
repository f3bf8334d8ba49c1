package io.borealis.api.job;

/** SERVICE tasks are always restarted; BATCH tasks are retried up to maxTaskFailures; CRON runs on a schedule. */
public enum JobKind { SERVICE, BATCH, CRON }
