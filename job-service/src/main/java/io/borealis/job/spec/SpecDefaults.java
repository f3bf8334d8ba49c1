package io.borealis.job.spec;

import io.borealis.api.job.CronSpec;
import io.borealis.api.job.HealthCheck;
import io.borealis.api.job.JobSpec;
import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import java.util.List;
import java.util.Map;

/**
 * Fills in the documented defaults of a valid spec, so that a stored spec is explicit and two specs
 * that mean the same thing hash to the same config version.
 *
 * <p>Task: tier "preferred", priority 0, production false, maxTaskFailures 1,
 * killGracePeriodSecs 5, env {}, constraints [], resources.diskMb 0, resources.ports [].
 * Health check: initialDelaySecs 15, intervalSecs 10, timeoutSecs 1, consecutiveFailures 3,
 * http.path "/". Cron: collisionPolicy KILL_EXISTING (as Aurora).
 */
public final class SpecDefaults {

    public static final String TIER = "preferred";
    public static final int PRIORITY = 0;
    public static final int MAX_TASK_FAILURES = 1;
    public static final int KILL_GRACE_PERIOD_SECS = 5;
    public static final int HEALTH_INITIAL_DELAY_SECS = 15;
    public static final int HEALTH_INTERVAL_SECS = 10;
    public static final int HEALTH_TIMEOUT_SECS = 1;
    public static final int HEALTH_CONSECUTIVE_FAILURES = 3;

    private SpecDefaults() {
    }

    /** The spec with every default filled in; call it only on a spec without faults. */
    public static JobSpec apply(JobSpec spec) {
        CronSpec cron = spec.cron() == null ? null
                : new CronSpec(spec.cron().schedule(), or(spec.cron().collisionPolicy(), CronSpec.CollisionPolicy.KILL_EXISTING));
        return new JobSpec(spec.key(), spec.instances(), spec.kind(), apply(spec.task()), cron, spec.updateSettings());
    }

    public static TaskConfig apply(TaskConfig task) {
        Resources r = task.resources();
        Resources resources = new Resources(r.cpus(), r.ramMb(), or(r.diskMb(), 0), or(r.ports(), List.of()));
        return new TaskConfig(
                task.command(),
                or(task.env(), Map.of()),
                resources,
                apply(task.healthCheck()),
                or(task.constraints(), List.of()),
                or(task.tier(), TIER),
                or(task.priority(), PRIORITY),
                or(task.production(), Boolean.FALSE),
                or(task.maxTaskFailures(), MAX_TASK_FAILURES),
                or(task.killGracePeriodSecs(), KILL_GRACE_PERIOD_SECS));
    }

    private static HealthCheck apply(HealthCheck check) {
        if (check == null) {
            return null;
        }
        HealthCheck.Http http = check.http() == null ? null
                : new HealthCheck.Http(check.http().port(), or(check.http().path(), "/"));
        return new HealthCheck(http, check.tcp(), check.command(),
                or(check.initialDelaySecs(), HEALTH_INITIAL_DELAY_SECS),
                or(check.intervalSecs(), HEALTH_INTERVAL_SECS),
                or(check.timeoutSecs(), HEALTH_TIMEOUT_SECS),
                or(check.consecutiveFailures(), HEALTH_CONSECUTIVE_FAILURES));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
