package io.borealis.job.registry;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobSpec;
import io.borealis.api.job.JobView;
import io.borealis.api.job.TaskConfig;
import io.borealis.job.events.EventType;
import io.borealis.job.events.Outbox;
import io.borealis.job.http.ApiException;
import io.borealis.job.http.ProblemType;
import io.borealis.job.spec.ConfigVersion;
import io.borealis.job.spec.FieldFault;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The hooks a rolling update drives, one instance at a time: store the new config version, point
 * an instance at a version (adding it if needed), remove an instance. The instance changes need
 * the job's update lock held by the calling update, and each writes its outbox event in the same
 * transaction so the scheduler wakes up.
 */
@Service
class InstanceAssignments {

    private final Jobs jobs;
    private final TaskConfigs configs;
    private final JobInstances instances;
    private final Outbox outbox;
    private final SpecJson json;
    private final JobViews views;
    private final RegistryProperties properties;
    private final Clock clock;

    InstanceAssignments(Jobs jobs, TaskConfigs configs, JobInstances instances, Outbox outbox, SpecJson json,
            JobViews views, RegistryProperties properties, Clock clock) {
        this.jobs = jobs;
        this.configs = configs;
        this.instances = instances;
        this.outbox = outbox;
        this.json = json;
        this.views = views;
        this.properties = properties;
        this.clock = clock;
    }

    /** Stores a valid config with defaults applied, if the job does not have it yet; its version either way. */
    @Transactional
    public String storeConfig(JobKey key, TaskConfig config) {
        Job job = JobRegistry.lock(jobs, key);
        String version = ConfigVersion.of(config);
        if (!configs.existsByJobIdAndVersion(job.id(), version)) {
            configs.save(new TaskConfigVersion(job.id(), version, json.write(config), now()));
        }
        return version;
    }

    /**
     * Instance {@code id} should run {@code version}, which becomes the job's newest config. Setting
     * the version it already runs changes nothing and writes no event.
     */
    @Transactional
    public JobView assign(JobKey key, int id, String version, String holder) {
        Job job = JobRegistry.lock(jobs, key);
        UpdateLocks.requireHolder(job, holder);
        Optional<TaskConfigVersion> config = configs.findById(new TaskConfigVersion.Key(job.id(), version));
        if (config.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "job " + key + " has no config version " + version,
                    List.of(new FieldFault("configVersion", "unknown config version '" + version
                            + "' of job " + key + "; store it with POST /api/v1/jobs/" + key.path() + "/configs")));
        }
        List<JobInstance> current = instances.findByJobIdOrderByInstanceId(job.id());
        JobInstance existing = current.stream().filter(i -> i.instanceId() == id).findFirst().orElse(null);
        if (existing != null && existing.configVersion().equals(version)) {
            return view(job, current);
        }
        if (existing == null && current.size() >= properties.maxInstances()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "job " + key + " already has " + current.size() + " instances",
                    List.of(new FieldFault("instance", "a job has at most " + properties.maxInstances() + " instances")));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("instance", id);
        detail.put("configVersion", version);
        if (existing == null) {
            instances.save(new JobInstance(job.id(), id, version));
        } else {
            detail.put("previousVersion", existing.configVersion());
            existing.runs(version);
        }
        List<JobInstance> after = instances.findByJobIdOrderByInstanceId(job.id());
        job.assigned(version, json.write(spec(job, after.size(), json.config(config.get().config()))), now());
        outbox.append(EventType.INSTANCE_CONFIG_SET, key.path(), json.write(detail));
        return view(job, after);
    }

    /** Removes instance {@code id} from the desired state; removing one that is gone already is a no-op. */
    @Transactional
    public JobView remove(JobKey key, int id, String holder) {
        Job job = JobRegistry.lock(jobs, key);
        UpdateLocks.requireHolder(job, holder);
        List<JobInstance> current = instances.findByJobIdOrderByInstanceId(job.id());
        if (current.stream().noneMatch(i -> i.instanceId() == id)) {
            return view(job, current);
        }
        instances.deleteInstances(job.id(), List.of(id));
        List<JobInstance> remaining = current.stream().filter(i -> i.instanceId() != id).toList();
        JobSpec spec = json.spec(job.spec());
        job.changed(json.write(spec(job, remaining.size(), spec.task())), now());
        outbox.append(EventType.INSTANCE_REMOVED, key.path(), json.write(Map.of("instance", id)));
        return view(job, remaining);
    }

    private JobSpec spec(Job job, int instanceCount, TaskConfig newest) {
        JobSpec spec = json.spec(job.spec());
        return new JobSpec(spec.key(), instanceCount, spec.kind(), newest, spec.cron(), spec.updateSettings());
    }

    private JobView view(Job job, List<JobInstance> rows) {
        Set<String> versions = new TreeSet<>();
        rows.forEach(i -> versions.add(i.configVersion()));
        return views.of(job, rows, configs.findByJobIdAndVersionIn(job.id(), versions));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
