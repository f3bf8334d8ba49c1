package io.borealis.job.spec;

import io.borealis.api.job.Constraint;
import io.borealis.api.job.CronSpec;
import io.borealis.api.job.HealthCheck;
import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import io.borealis.api.job.JobSpec;
import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.job.UpdateSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a JobSpec as the user sent it (before defaults) and names every fault by its field path,
 * so one round trip tells the user everything that is wrong. An empty list means valid.
 */
public final class JobSpecValidator {

    /** Instances of one job; more is almost certainly a typo. */
    public static final int DEFAULT_MAX_INSTANCES = 10_000;

    static final Pattern PORT_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Set<String> TIERS = Set.of("preferred", "preemptible", "revocable");

    private final CronCheck cronCheck;
    private final int maxInstances;

    public JobSpecValidator(CronCheck cronCheck, int maxInstances) {
        this.cronCheck = cronCheck;
        this.maxInstances = maxInstances;
    }

    public int maxInstances() {
        return maxInstances;
    }

    public List<FieldFault> validate(JobSpec spec) {
        List<FieldFault> faults = new ArrayList<>();
        if (spec == null) {
            faults.add(new FieldFault("", "a job spec is required"));
            return faults;
        }
        checkKey(spec.key(), faults);
        checkInstances(spec.instances(), faults);
        if (spec.kind() == null) {
            faults.add(new FieldFault("kind", "required: one of SERVICE, BATCH, CRON"));
        }
        if (spec.task() == null) {
            faults.add(new FieldFault("task", "required"));
        } else {
            checkTask(spec.task(), faults);
        }
        checkCron(spec.kind(), spec.cron(), faults);
        checkUpdateSettings(spec.updateSettings(), faults);
        return faults;
    }

    /**
     * Checks a task config sent on its own (an update storing its new config): the same rules as
     * {@code task} of a spec, with paths relative to the config ({@code resources.cpus}).
     */
    public List<FieldFault> validateTask(TaskConfig task) {
        if (task == null) {
            return List.of(new FieldFault("", "a task config is required"));
        }
        List<FieldFault> faults = new ArrayList<>();
        checkTask(task, faults);
        return faults.stream()
                .map(f -> new FieldFault(f.field().startsWith("task.") ? f.field().substring("task.".length()) : f.field(),
                        f.message()))
                .toList();
    }

    private static void checkKey(JobKey key, List<FieldFault> faults) {
        if (key == null) {
            faults.add(new FieldFault("key", "required"));
            return;
        }
        checkSegment("key.role", key.role(), faults);
        checkSegment("key.environment", key.environment(), faults);
        checkSegment("key.name", key.name(), faults);
    }

    private static void checkSegment(String field, String value, List<FieldFault> faults) {
        if (value == null) {
            faults.add(new FieldFault(field, "required"));
        } else if (!JobKey.isValidSegment(value)) {
            faults.add(new FieldFault(field, "must match " + JobKey.SEGMENT.pattern()));
        }
    }

    private void checkInstances(Integer instances, List<FieldFault> faults) {
        if (instances == null) {
            faults.add(new FieldFault("instances", "required"));
        } else if (instances < 1) {
            faults.add(new FieldFault("instances", "must be ≥ 1"));
        } else if (instances > maxInstances) {
            faults.add(new FieldFault("instances", "must be ≤ " + maxInstances));
        }
    }

    private static void checkTask(TaskConfig task, List<FieldFault> faults) {
        if (task.command() == null) {
            faults.add(new FieldFault("task.command", "required"));
        } else if (task.command().isBlank()) {
            faults.add(new FieldFault("task.command", "must not be blank"));
        }
        if (task.env() != null) {
            for (Map.Entry<String, String> e : task.env().entrySet()) {
                if (!ENV_NAME.matcher(e.getKey()).matches()) {
                    faults.add(new FieldFault("task.env." + e.getKey(), "name must match " + ENV_NAME.pattern()));
                } else if (e.getValue() == null) {
                    faults.add(new FieldFault("task.env." + e.getKey(), "value must not be null"));
                }
            }
        }
        Set<String> ports = checkResources(task.resources(), faults);
        if (task.healthCheck() != null) {
            checkHealth(task.healthCheck(), ports, faults);
        }
        if (task.constraints() != null) {
            for (int i = 0; i < task.constraints().size(); i++) {
                checkConstraint("task.constraints[" + i + "]", task.constraints().get(i), faults);
            }
        }
        if (task.tier() != null && !TIERS.contains(task.tier())) {
            faults.add(new FieldFault("task.tier", "must be one of preemptible, preferred, revocable"));
        }
        if (task.priority() != null && task.priority() < 0) {
            faults.add(new FieldFault("task.priority", "must be ≥ 0"));
        }
        if (task.maxTaskFailures() != null && task.maxTaskFailures() < -1) {
            faults.add(new FieldFault("task.maxTaskFailures", "must be ≥ -1 (-1 means unlimited)"));
        }
        if (task.killGracePeriodSecs() != null && task.killGracePeriodSecs() < 0) {
            faults.add(new FieldFault("task.killGracePeriodSecs", "must be ≥ 0"));
        }
    }

    /** Checks resources and returns the declared port names (for the health check). */
    private static Set<String> checkResources(Resources resources, List<FieldFault> faults) {
        Set<String> names = new HashSet<>();
        if (resources == null) {
            faults.add(new FieldFault("task.resources", "required"));
            return names;
        }
        if (resources.cpus() == null) {
            faults.add(new FieldFault("task.resources.cpus", "required"));
        } else if (!(resources.cpus() > 0) || resources.cpus().isInfinite()) {
            faults.add(new FieldFault("task.resources.cpus", "must be > 0"));
        }
        if (resources.ramMb() == null) {
            faults.add(new FieldFault("task.resources.ramMb", "required"));
        } else if (resources.ramMb() <= 0) {
            faults.add(new FieldFault("task.resources.ramMb", "must be > 0"));
        }
        if (resources.diskMb() != null && resources.diskMb() < 0) {
            faults.add(new FieldFault("task.resources.diskMb", "must be ≥ 0"));
        }
        if (resources.ports() != null) {
            for (int i = 0; i < resources.ports().size(); i++) {
                String field = "task.resources.ports[" + i + "]";
                String name = resources.ports().get(i);
                if (name == null || !PORT_NAME.matcher(name).matches()) {
                    faults.add(new FieldFault(field, "port name must match " + PORT_NAME.pattern()));
                } else if (!names.add(name)) {
                    faults.add(new FieldFault(field, "duplicate port name '" + name + "'"));
                }
            }
        }
        return names;
    }

    private static void checkHealth(HealthCheck check, Set<String> ports, List<FieldFault> faults) {
        String field = "task.healthCheck";
        int kinds = (check.http() != null ? 1 : 0) + (check.tcp() != null ? 1 : 0) + (check.command() != null ? 1 : 0);
        if (kinds != 1) {
            faults.add(new FieldFault(field, "exactly one of http, tcp or command must be set"));
        }
        if (check.http() != null) {
            checkPortRef(field + ".http.port", check.http().port(), ports, faults);
            if (check.http().path() != null && !check.http().path().startsWith("/")) {
                faults.add(new FieldFault(field + ".http.path", "must start with /"));
            }
        }
        if (check.tcp() != null) {
            checkPortRef(field + ".tcp.port", check.tcp().port(), ports, faults);
        }
        if (check.command() != null && check.command().isBlank()) {
            faults.add(new FieldFault(field + ".command", "must not be blank"));
        }
        atLeast(field + ".initialDelaySecs", check.initialDelaySecs(), 0, faults);
        atLeast(field + ".intervalSecs", check.intervalSecs(), 1, faults);
        atLeast(field + ".timeoutSecs", check.timeoutSecs(), 1, faults);
        atLeast(field + ".consecutiveFailures", check.consecutiveFailures(), 1, faults);
    }

    private static void checkPortRef(String field, String port, Set<String> ports, List<FieldFault> faults) {
        if (port == null) {
            faults.add(new FieldFault(field, "required"));
        } else if (!ports.contains(port)) {
            faults.add(new FieldFault(field, "must be one of the named ports " + ports.stream().sorted().toList()));
        }
    }

    private static void checkConstraint(String field, Constraint c, List<FieldFault> faults) {
        if (c == null) {
            faults.add(new FieldFault(field, "must not be null"));
            return;
        }
        if (c.attribute() == null || c.attribute().isBlank()) {
            faults.add(new FieldFault(field + ".attribute", "required"));
        }
        if ((c.values() == null) == (c.limit() == null)) {
            faults.add(new FieldFault(field, "exactly one of values or limit must be set"));
        }
        if (c.values() != null && (c.values().isEmpty() || c.values().stream().anyMatch(v -> v == null || v.isBlank()))) {
            faults.add(new FieldFault(field + ".values", "must be a non-empty list of non-blank values"));
        }
        atLeast(field + ".limit", c.limit(), 1, faults);
    }

    private void checkCron(JobKind kind, CronSpec cron, List<FieldFault> faults) {
        if (kind == JobKind.CRON) {
            if (cron == null) {
                faults.add(new FieldFault("cron", "required for kind CRON"));
            } else if (cron.schedule() == null || cron.schedule().isBlank()) {
                faults.add(new FieldFault("cron.schedule", "required"));
            } else {
                cronCheck.problemWith(cron.schedule())
                        .ifPresent(why -> faults.add(new FieldFault("cron.schedule", "invalid cron expression: " + why)));
            }
        } else if (cron != null) {
            faults.add(new FieldFault("cron", "only allowed for kind CRON"));
        }
    }

    private static void checkUpdateSettings(UpdateSettings s, List<FieldFault> faults) {
        if (s == null) {
            return;
        }
        atLeast("updateSettings.batchSize", s.batchSize(), 1, faults);
        atLeast("updateSettings.watchSecs", s.watchSecs(), 0, faults);
        atLeast("updateSettings.maxPerInstanceFailures", s.maxPerInstanceFailures(), 0, faults);
        atLeast("updateSettings.maxFailedInstances", s.maxFailedInstances(), 0, faults);
    }

    private static void atLeast(String field, Integer value, int min, List<FieldFault> faults) {
        if (value != null && value < min) {
            faults.add(new FieldFault(field, "must be ≥ " + min));
        }
    }
}
