package io.borealis.update.rollout;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobSpec;
import io.borealis.api.job.JobView;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.job.UpdateSettings;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import io.borealis.update.gateway.JobServiceClient;
import io.borealis.update.gateway.SchedulerClient;
import io.borealis.update.gateway.UpstreamException;
import io.borealis.update.http.ApiException;
import io.borealis.update.http.ProblemType;
import io.borealis.update.lifecycle.RolloutSettings;
import io.borealis.update.lifecycle.UpdateKind;
import io.borealis.update.lifecycle.UpdateStatus;
import io.borealis.update.strategy.InstanceOrder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts an update or a rolling restart: checks the request and the quota, stores the new config, works out which
 * instances change and in what order, records all of it, then takes the job's update lock. The
 * driver does the rest.
 */
@Service
class UpdateStarter {

    private final JobServiceClient jobs;
    private final SchedulerClient scheduler;
    private final JobUpdates updates;
    private final JobUpdateEvents events;
    private final UpdateInstances instances;
    private final TransactionTemplate transactions;
    private final UpdateDriver driver;
    private final Clock clock;

    UpdateStarter(JobServiceClient jobs, SchedulerClient scheduler, JobUpdates updates, JobUpdateEvents events,
            UpdateInstances instances, TransactionTemplate transactions, UpdateDriver driver, Clock clock) {
        this.jobs = jobs;
        this.scheduler = scheduler;
        this.updates = updates;
        this.events = events;
        this.instances = instances;
        this.transactions = transactions;
        this.driver = driver;
        this.clock = clock;
    }

    UUID start(JobKey job, StartUpdateRequest request, String user) {
        JobSpec spec = validSpec(job, request);
        RolloutSettings settings = settings(request.settings() != null ? request.settings() : spec.updateSettings());
        JobView current = upstream(() -> jobs.job(job), 404, ProblemType.JOB_NOT_FOUND, job);
        upstream(() -> {
            jobs.checkQuota(job, spec);
            return null;
        }, 409, ProblemType.QUOTA_EXCEEDED, job);
        String target = upstream(() -> jobs.storeConfig(job, spec.task()), 400, ProblemType.INVALID_REQUEST, job);
        Map<String, TaskConfig> configs = new HashMap<>(current.configs() == null ? Map.of() : current.configs());
        configs.put(target, spec.task());
        return record(job, UpdateKind.UPDATE, settings, target, changes(current, spec, settings, target), configs,
                request.message(), user);
    }

    /**
     * Starts a rolling restart: the chosen instances (the request's, else the settings', else all)
     * get new tasks of the config they run, batch by batch, on the same engine.
     */
    UUID restart(JobKey job, RestartRequest request, String user) {
        if (!job.isValid()) {
            throw ApiException.invalidParameter("job", job.path(), "segments must match " + JobKey.SEGMENT.pattern());
        }
        JobView current = upstream(() -> jobs.job(job), 404, ProblemType.JOB_NOT_FOUND, job);
        RolloutSettings settings = settings(request.settings() != null ? request.settings()
                : current.spec() == null ? null : current.spec().updateSettings());
        Map<Integer, String> running = current.instances() == null ? Map.of() : current.instances();
        List<Integer> chosen = request.instances() != null ? request.instances()
                : settings.instances() != null ? settings.instances() : List.copyOf(new TreeSet<>(running.keySet()));
        if (request.instances() != null && request.instances().isEmpty()) {
            throw invalid("instances", "must name at least one instance (leave it out for all)");
        }
        if (chosen.stream().anyMatch(Objects::isNull)) {
            throw invalid("instances", "must be instance ids");
        }
        List<Change> changes = new ArrayList<>();
        for (Integer instance : new TreeSet<>(chosen)) {
            if (!running.containsKey(instance)) {
                throw invalid("instances", "names instance " + instance + ", which " + job.path() + " does not have");
            }
            changes.add(new Change(instance, running.get(instance), running.get(instance)));
        }
        return record(job, UpdateKind.RESTART, settings, null, changes,
                current.configs() == null ? Map.of() : current.configs(), request.message(), user);
    }

    /** Orders the changes, records the update and its instances (one transaction), then locks the job. */
    private UUID record(JobKey job, UpdateKind kind, RolloutSettings settings, String target, List<Change> changes,
            Map<String, TaskConfig> configs, String message, String user) {
        Map<Integer, String> domains = settings.failureDomain() == null ? Map.of()
                : domains(job, settings.failureDomain());
        List<Integer> order = InstanceOrder.of(changes.stream().map(Change::instance).toList(), domains);
        Map<Integer, Change> byInstance = new HashMap<>();
        changes.forEach(c -> byInstance.put(c.instance(), c));

        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        try {
            transactions.executeWithoutResult(tx -> {
                JobUpdate update = new JobUpdate(id, kind, job, settings.toApi(), message, now);
                update.target(target);
                updates.saveAndFlush(update);
                events.save(JobUpdateEvent.statusChanged(id, UpdateStatus.ROLLING_FORWARD, now, message).by(user));
                for (int ordinal = 0; ordinal < order.size(); ordinal++) {
                    Change c = byInstance.get(order.get(ordinal));
                    instances.save(new UpdateInstance(id, c.instance(), ordinal, domains.get(c.instance()),
                            c.from(), c.to(), healthChecked(configs.get(c.from())),
                            c.to() != null && healthChecked(configs.get(c.to()))));
                }
                if (order.isEmpty()) {
                    update.moveTo(UpdateStatus.ROLLED_FORWARD, now);
                    update.lockReleased();
                    events.save(JobUpdateEvent.statusChanged(id, UpdateStatus.ROLLED_FORWARD, now,
                            "no instance changes"));
                }
            });
        } catch (DataIntegrityViolationException e) {
            throw new ApiException(ProblemType.UPDATE_IN_PROGRESS, "job " + job + " already has an active update",
                    Map.of("job", job.path()));
        }
        if (!order.isEmpty()) {
            lock(job, id, now);
        }
        driver.wake();
        return id;
    }

    private void lock(JobKey job, UUID id, Instant now) {
        try {
            jobs.lock(job, id.toString());
        } catch (UpstreamException e) {
            transactions.executeWithoutResult(tx -> {
                JobUpdate update = updates.findById(id).orElseThrow();
                update.moveTo(UpdateStatus.ERROR, now);
                update.lockReleased();
                events.save(JobUpdateEvent.statusChanged(id, UpdateStatus.ERROR, now, e.getMessage()));
            });
            throw e.status() == 409
                    ? new ApiException(ProblemType.JOB_LOCKED, e.getMessage(), Map.of("job", job.path()))
                    : new ApiException(ProblemType.UPSTREAM_FAILED, e.getMessage(), Map.of("job", job.path()));
        }
    }

    /** One instance whose config changes; {@code from} null: added, {@code to} null: removed. */
    record Change(int instance, String from, String to) {
    }

    static List<Change> changes(JobView current, JobSpec spec, RolloutSettings settings, String target) {
        Map<Integer, String> now = current.instances() == null ? Map.of() : current.instances();
        int count = spec.instances() != null ? spec.instances() : current.instanceCount();
        TreeSet<Integer> ids = new TreeSet<>(now.keySet());
        for (int i = 0; i < count; i++) {
            ids.add(i);
        }
        List<Change> changes = new ArrayList<>();
        for (int i : ids) {
            String to = i < count ? target : null;
            String from = now.get(i);
            if (!Objects.equals(from, to) && (settings.instances() == null || settings.instances().contains(i))) {
                changes.add(new Change(i, from, to));
            }
        }
        return changes;
    }

    /** Instance → failure domain, from where its live task runs; instances without one are left out. */
    private Map<Integer, String> domains(JobKey job, String attribute) {
        try {
            Map<String, String> byAgent = scheduler.agentAttribute(attribute);
            Map<Integer, String> domains = new HashMap<>();
            for (TaskView task : scheduler.tasks(job)) {
                String value = task.agentId() == null ? null : byAgent.get(task.agentId());
                if (value != null && task.status() != null && !task.status().isTerminal()
                        && task.status() != TaskStatus.PENDING) {
                    domains.put(task.instance(), value);
                }
            }
            return domains;
        } catch (UpstreamException e) {
            throw new ApiException(ProblemType.UPSTREAM_FAILED, e.getMessage(), Map.of("job", job.path()));
        }
    }

    private static JobSpec validSpec(JobKey job, StartUpdateRequest request) {
        if (!job.isValid()) {
            throw ApiException.invalidParameter("job", job.path(), "segments must match " + JobKey.SEGMENT.pattern());
        }
        if (request == null || request.spec() == null) {
            throw invalid("spec", "is required");
        }
        JobSpec spec = request.spec();
        if (spec.key() != null && !spec.key().equals(job)) {
            throw invalid("spec.key", "must be " + job.path() + " (the job in the path)");
        }
        if (spec.task() == null) {
            throw invalid("spec.task", "is required");
        }
        if (spec.instances() != null && spec.instances() < 0) {
            throw invalid("spec.instances", "must be at least 0");
        }
        return spec;
    }

    private static RolloutSettings settings(UpdateSettings settings) {
        try {
            return RolloutSettings.of(settings);
        } catch (RolloutSettings.InvalidSettingException e) {
            throw invalid(e.field(), e.getMessage());
        }
    }

    private static ApiException invalid(String field, String why) {
        String detail = why.startsWith(field) ? why : field + " " + why;
        return new ApiException(ProblemType.INVALID_REQUEST, detail, Map.of("field", field));
    }

    private static boolean healthChecked(TaskConfig config) {
        return config != null && config.healthCheck() != null;
    }

    /**
     * Calls another service; the one answer the caller expects ({@code expected}, e.g. 409 for a quota
     * refusal) becomes {@code onExpected}, anything else is the other service's failure or ours: a 502.
     */
    private static <T> T upstream(java.util.function.Supplier<T> call, int expected, ProblemType onExpected, JobKey job) {
        try {
            return call.get();
        } catch (UpstreamException e) {
            ProblemType type = e.status() == expected ? onExpected : ProblemType.UPSTREAM_FAILED;
            throw new ApiException(type, e.getMessage(), Map.of("job", job.path()));
        }
    }
}
