package io.borealis.scheduler.task;

import io.borealis.api.job.JobKey;

/** A job key whose segments do not match {@code [A-Za-z0-9_.-]{1,64}}: 400 problem. */
public class InvalidJobKeyException extends RuntimeException {

    public InvalidJobKeyException(JobKey key) {
        super("job key segments must match " + JobKey.SEGMENT.pattern() + ": " + key.path());
    }
}
