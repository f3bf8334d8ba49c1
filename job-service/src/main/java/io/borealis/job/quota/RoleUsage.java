package io.borealis.job.quota;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.TaskConfig;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a role's production jobs hold: every instance counted with the resources of its own config
 * version. Reads the registry's tables directly (same service, same database) so that the registry
 * can call the quota check without the quota feature calling back into the registry.
 */
@Component
class RoleUsage {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    RoleUsage(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Consumption of all the role's jobs. */
    ResourceAmounts of(String role) {
        return sum(role, "", "");
    }

    /** Consumption of the role's jobs except {@code job}: what is left in use when the job's instances are replaced. */
    ResourceAmounts excluding(JobKey job) {
        return sum(job.role(), job.environment(), job.name());
    }

    private ResourceAmounts sum(String role, String exceptEnvironment, String exceptName) {
        // key segments are never empty, so ("", "") excludes nothing
        List<ResourceAmounts> groups = jdbc.query("""
                select c.config, count(*) as instances
                  from jobs j
                  join job_instances i on i.job_id = j.id
                  join task_configs c on c.job_id = i.job_id and c.version = i.config_version
                 where j.role = ? and not (j.environment = ? and j.name = ?)
                 group by j.id, c.version, c.config
                """, (rs, n) -> ResourceAmounts.production(JSON.readValue(rs.getString("config"), TaskConfig.class),
                rs.getLong("instances")), role, exceptEnvironment, exceptName);
        return groups.stream().reduce(ResourceAmounts.ZERO, ResourceAmounts::plus);
    }
}
