package io.borealis.job.registry;

import io.borealis.api.job.JobView;
import io.borealis.api.job.TaskConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Turns stored rows into the wire {@link JobView}: only the config versions some instance uses are included. */
@Component
class JobViews {

    private final SpecJson json;

    JobViews(SpecJson json) {
        this.json = json;
    }

    JobView of(Job job, List<JobInstance> instances, Collection<TaskConfigVersion> configs) {
        Map<Integer, String> byInstance = new TreeMap<>();
        instances.forEach(i -> byInstance.put(i.instanceId(), i.configVersion()));
        Map<String, TaskConfig> used = new LinkedHashMap<>();
        configs.stream()
                .filter(c -> byInstance.containsValue(c.version()))
                .forEach(c -> used.put(c.version(), json.config(c.config())));
        return new JobView(job.key(), job.kind(), byInstance.size(), json.spec(job.spec()), used, byInstance,
                job.createdAt(), job.updatedAt());
    }
}
