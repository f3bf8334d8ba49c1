package io.borealis.job.registry;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobSpec;
import io.borealis.api.job.JobView;
import io.borealis.job.events.EventType;
import io.borealis.job.events.Outbox;
import io.borealis.job.http.ApiException;
import io.borealis.job.http.ProblemType;
import io.borealis.job.quota.Quotas;
import io.borealis.job.quota.ResourceAmounts;
import io.borealis.job.spec.ConfigVersion;
import io.borealis.job.spec.FieldFault;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes to the desired state. Each method is one transaction that also appends its outbox event,
 * so the change and its event commit together; a job being changed is row-locked.
 */
@Service
class JobRegistry {

    private final Jobs jobs;
    private final TaskConfigs configs;
    private final JobInstances instances;
    private final Outbox outbox;
    private final SpecJson json;
    private final JobViews views;
    private final RegistryProperties properties;
    private final Quotas quotas;
    private final Clock clock;

    JobRegistry(Jobs jobs, TaskConfigs configs, JobInstances instances, Outbox outbox, SpecJson json, JobViews views,
            RegistryProperties properties, Quotas quotas, Clock clock) {
        this.jobs = jobs;
        this.configs = configs;
        this.instances = instances;
        this.outbox = outbox;
        this.json = json;
        this.views = views;
        this.properties = properties;
        this.quotas = quotas;
        this.clock = clock;
    }

    /** Stores a valid spec with defaults applied: the job, config version of its task, instances 0..n-1. */
    @Transactional
    public JobView create(JobSpec spec) {
        JobKey key = spec.key();
        if (jobs.findByRoleAndEnvironmentAndName(key.role(), key.environment(), key.name()).isPresent()) {
            throw exists(key);
        }
        quotas.admit(key, ResourceAmounts.production(spec.task(), spec.instances()));
        String version = ConfigVersion.of(spec.task());
        Instant now = now();
        Job job = new Job(key, spec.kind(), json.write(spec), version, now);
        try {
            jobs.saveAndFlush(job);
        } catch (DataIntegrityViolationException e) {
            throw exists(key); // created concurrently between the check and the insert
        }
        TaskConfigVersion config = configs.save(new TaskConfigVersion(job.id(), version, json.write(spec.task()), now));
        List<JobInstance> created = new ArrayList<>();
        for (int i = 0; i < spec.instances(); i++) {
            created.add(new JobInstance(job.id(), i, version));
        }
        instances.saveAll(created);
        outbox.append(EventType.JOB_CREATED, key.path(),
                json.write(Map.of("configVersion", version, "instances", spec.instances())));
        return views.of(job, created, List.of(config));
    }

    @Transactional
    public void delete(JobKey key) {
        Job job = lock(key);
        UpdateLocks.refuseIfLocked(job);
        instances.deleteByJob(job.id());
        configs.deleteByJob(job.id());
        jobs.delete(job);
        outbox.append(EventType.JOB_DELETED, key.path(), "{}");
    }

    /** Adds {@code count} instances after the highest id, running the job's newest config. */
    @Transactional
    public JobView addInstances(JobKey key, Integer count) {
        Job job = lock(key);
        UpdateLocks.refuseIfLocked(job);
        List<JobInstance> current = new ArrayList<>(instances.findByJobIdOrderByInstanceId(job.id()));
        int max = properties.maxInstances() - current.size();
        if (count == null || count < 1 || count > max) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "cannot add " + count + " instances",
                    List.of(new FieldFault("count", count == null ? "required"
                            : count < 1 ? "must be ≥ 1" : "must be ≤ " + max + " (a job has at most "
                                    + properties.maxInstances() + " instances)")));
        }
        quotas.admit(key, ResourceAmounts.production(json.spec(job.spec()).task(), count));
        int next = current.isEmpty() ? 0 : current.get(current.size() - 1).instanceId() + 1;
        List<Integer> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            current.add(instances.save(new JobInstance(job.id(), next + i, job.currentVersion())));
            added.add(next + i);
        }
        changed(job, current.size());
        outbox.append(EventType.INSTANCES_ADDED, key.path(),
                json.write(Map.of("instances", added, "configVersion", job.currentVersion())));
        return views.of(job, current, configs.findByJobIdAndVersionIn(job.id(), versions(current)));
    }

    /** Removes instances from the desired state; the scheduler then kills their tasks. */
    @Transactional
    public JobView kill(JobKey key, List<Integer> ids) {
        if (ids == null || ids.isEmpty() || ids.contains(null)) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "name the instances to kill",
                    List.of(new FieldFault("instances", "must be a non-empty list of instance ids")));
        }
        Job job = lock(key);
        UpdateLocks.refuseIfLocked(job);
        List<JobInstance> current = instances.findByJobIdOrderByInstanceId(job.id());
        Set<Integer> known = new TreeSet<>();
        current.forEach(i -> known.add(i.instanceId()));
        Set<Integer> unknown = new TreeSet<>(ids);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "job " + key + " has no instances " + unknown,
                    List.of(new FieldFault("instances", "unknown instance ids " + unknown)));
        }
        Set<Integer> killed = new TreeSet<>(ids);
        instances.deleteInstances(job.id(), killed);
        List<JobInstance> remaining = current.stream().filter(i -> !killed.contains(i.instanceId())).toList();
        changed(job, remaining.size());
        outbox.append(EventType.INSTANCES_KILLED, key.path(), json.write(Map.of("instances", killed)));
        return views.of(job, remaining, configs.findByJobIdAndVersionIn(job.id(), versions(remaining)));
    }

    private void changed(Job job, int instanceCount) {
        JobSpec spec = json.spec(job.spec());
        JobSpec updated = new JobSpec(spec.key(), instanceCount, spec.kind(), spec.task(), spec.cron(), spec.updateSettings());
        job.changed(json.write(updated), now());
    }

    private Job lock(JobKey key) {
        return lock(jobs, key);
    }

    /** The job, row-locked until commit; job-not-found if there is none. */
    static Job lock(Jobs jobs, JobKey key) {
        return jobs.lockByKey(key.role(), key.environment(), key.name()).orElseThrow(() -> JobQueries.notFound(key));
    }

    private static Set<String> versions(List<JobInstance> list) {
        Set<String> versions = new TreeSet<>();
        list.forEach(i -> versions.add(i.configVersion()));
        return versions;
    }

    private static ApiException exists(JobKey key) {
        return new ApiException(ProblemType.JOB_EXISTS, "job " + key + " already exists",
                List.of(new FieldFault("key", "job " + key + " already exists")));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
