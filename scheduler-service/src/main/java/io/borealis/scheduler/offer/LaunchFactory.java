package io.borealis.scheduler.offer;

import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import io.borealis.scheduler.mesos.Launch;
import io.borealis.scheduler.task.Task;
import io.borealis.scheduler.task.TaskQueries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A placed task as a {@link Launch}: resources, ports and the environment of design §8. */
@Component
class LaunchFactory {

    private final TaskQueries queries;

    LaunchFactory(TaskQueries queries) {
        this.queries = queries;
    }

    Launch launch(Task task, Map<String, Integer> ports) {
        TaskConfig config = queries.config(task);
        Resources resources = resources(config);
        return new Launch(task.taskId(), task.job().path() + "/" + task.instance(), task.agentId(), config.command(),
                environment(task, config, ports), cpus(resources), ram(resources), disk(resources), ports,
                config.healthCheck(), config.killGracePeriodSecs());
    }

    static Map<String, String> environment(Task task, TaskConfig config, Map<String, Integer> ports) {
        Map<String, String> env = new LinkedHashMap<>();
        if (config.env() != null) {
            env.putAll(config.env());
        }
        int index = 0;
        for (Map.Entry<String, Integer> port : ports.entrySet()) {
            env.put("PORT_" + port.getKey().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_"), port.getValue().toString());
            env.put("PORT" + index++, port.getValue().toString());
        }
        env.put("BOREALIS_INSTANCE", Integer.toString(task.instance()));
        env.put("BOREALIS_TASK_ID", task.taskId());
        env.put("BOREALIS_JOB", task.job().path());
        env.put("BOREALIS_CONFIG_VERSION", task.configVersion());
        return env;
    }

    static Resources resources(TaskConfig config) {
        return config.resources() == null ? new Resources(null, null, null, List.of()) : config.resources();
    }

    static double cpus(Resources r) {
        return r.cpus() == null ? 0.1 : r.cpus();
    }

    static double ram(Resources r) {
        return r.ramMb() == null ? 32 : r.ramMb();
    }

    static double disk(Resources r) {
        return r.diskMb() == null ? 0 : r.diskMb();
    }

    static List<String> portNames(Resources r) {
        return r.ports() == null ? List.of() : r.ports();
    }
}
