package io.borealis.job.registry;

import io.borealis.api.job.JobSpec;
import io.borealis.api.job.TaskConfig;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** How specs, configs and event details are stored as JSON text; its own mapper, so web settings never change stored data. */
@Component
class SpecJson {

    private final JsonMapper mapper = JsonMapper.builder().build();

    String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    JobSpec spec(String json) {
        return mapper.readValue(json, JobSpec.class);
    }

    TaskConfig config(String json) {
        return mapper.readValue(json, TaskConfig.class);
    }
}
