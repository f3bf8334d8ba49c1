package io.borealis.job.registry;

import io.borealis.api.job.DesiredState;
import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobSpec;
import io.borealis.api.job.JobSummary;
import io.borealis.api.job.JobView;
import io.borealis.job.events.Outbox;
import io.borealis.job.http.ApiException;
import io.borealis.job.http.ProblemType;
import io.borealis.job.spec.ConfigChanges;
import io.borealis.job.spec.ConfigVersion;
import io.borealis.job.spec.FieldFault;
import io.borealis.job.spec.InstanceChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/** Reads of the desired state: one job, the job list (with task counts from the scheduler), everything. */
@Service
class JobQueries {

    private static final Sort BY_KEY = Sort.by("role", "environment", "name");

    private final Jobs jobs;
    private final TaskConfigs configs;
    private final JobInstances instances;
    private final Outbox outbox;
    private final JobViews views;
    private final TaskCountsClient taskCounts;
    private final SpecJson json;
    private final InstanceRows instanceRows;

    JobQueries(Jobs jobs, TaskConfigs configs, JobInstances instances, Outbox outbox, JobViews views,
            TaskCountsClient taskCounts, SpecJson json, InstanceRows instanceRows) {
        this.instanceRows = instanceRows;
        this.jobs = jobs;
        this.configs = configs;
        this.instances = instances;
        this.outbox = outbox;
        this.views = views;
        this.taskCounts = taskCounts;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public JobView view(JobKey key) {
        Job job = jobs.findByRoleAndEnvironmentAndName(key.role(), key.environment(), key.name())
                .orElseThrow(() -> notFound(key));
        List<JobInstance> rows = instances.findByJobIdOrderByInstanceId(job.id());
        Set<String> versions = rows.stream().map(JobInstance::configVersion).collect(Collectors.toSet());
        return views.of(job, rows, configs.findByJobIdAndVersionIn(job.id(), versions));
    }

    /** What an update of the job to {@code proposed} (a valid spec, defaults applied) would change. */
    @Transactional(readOnly = true)
    public JobDiff diff(JobKey key, JobSpec proposed) {
        Job job = jobs.findByRoleAndEnvironmentAndName(key.role(), key.environment(), key.name())
                .orElseThrow(() -> notFound(key));
        Map<Integer, String> current = new TreeMap<>();
        instances.findByJobIdOrderByInstanceId(job.id()).forEach(i -> current.put(i.instanceId(), i.configVersion()));
        String proposedVersion = ConfigVersion.of(proposed.task());
        InstanceChanges changes = InstanceChanges.between(current, proposed.instances(), proposedVersion);
        return new JobDiff(List.copyOf(new TreeSet<>(current.values())), job.currentVersion(), proposedVersion,
                changes.added(), changes.removed(), changes.changed(), changes.unchanged(),
                ConfigChanges.between(json.spec(job.spec()).task(), proposed.task()));
    }

    /**
     * Jobs matching the optional filters. Not one transaction on purpose: the database is read first,
     * then the scheduler is asked for counts without holding a connection.
     */
    public List<JobSummary> list(String role, String environment) {
        List<Job> matching = jobs.findAll(BY_KEY).stream()
                .filter(j -> role == null || role.equals(j.key().role()))
                .filter(j -> environment == null || environment.equals(j.key().environment()))
                .toList();
        Map<Long, List<JobInstance>> byJob = instanceRows.byJob();
        Map<String, Map<String, Integer>> counts = matching.isEmpty() ? Map.of() : taskCounts.counts();
        List<JobSummary> summaries = new ArrayList<>();
        for (Job job : matching) {
            List<JobInstance> rows = byJob.getOrDefault(job.id(), List.of());
            Set<String> versions = new TreeSet<>();
            rows.forEach(i -> versions.add(i.configVersion()));
            summaries.add(new JobSummary(job.key(), job.kind(), rows.size(), versions,
                    counts.getOrDefault(job.key().path(), Map.of())));
        }
        return summaries;
    }

    /** Every job, and the newest event id of the same snapshot: a reader resumes the event stream from it. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public DesiredState desiredState() {
        long lastEventId = outbox.newestId();
        Map<Long, List<JobInstance>> byJob = instanceRows.byJob();
        Map<Long, List<TaskConfigVersion>> configsByJob = configs.findAll().stream()
                .collect(Collectors.groupingBy(TaskConfigVersion::jobId));
        List<JobView> all = jobs.findAll(BY_KEY).stream()
                .map(job -> views.of(job, byJob.getOrDefault(job.id(), List.of()),
                        configsByJob.getOrDefault(job.id(), List.of())))
                .toList();
        return new DesiredState(lastEventId, all);
    }

    static ApiException notFound(JobKey key) {
        return new ApiException(ProblemType.JOB_NOT_FOUND, "no job " + key,
                List.of(new FieldFault("key", "no job " + key)));
    }
}
