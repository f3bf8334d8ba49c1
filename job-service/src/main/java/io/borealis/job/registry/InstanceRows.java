package io.borealis.job.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every instance row at once, read with plain JDBC: the whole registry (100,000 instances and more)
 * would otherwise become that many managed entities in one persistence context, which costs far
 * more than the rows themselves. The rows are plain values; nothing read here is written back.
 */
@Component
class InstanceRows {

    private final JdbcTemplate jdbc;

    InstanceRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Each job's instances by job id, in instance order (in the caller's transaction, if any). */
    Map<Long, List<JobInstance>> byJob() {
        Map<Long, List<JobInstance>> byJob = new HashMap<>();
        jdbc.query("select job_id, instance_id, config_version from job_instances order by job_id, instance_id",
                rs -> {
                    long jobId = rs.getLong(1);
                    byJob.computeIfAbsent(jobId, id -> new ArrayList<>())
                            .add(new JobInstance(jobId, rs.getInt(2), rs.getString(3)));
                });
        return byJob;
    }
}
