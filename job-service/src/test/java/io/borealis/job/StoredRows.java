package io.borealis.job;

import org.springframework.jdbc.core.JdbcTemplate;

/** Row counts of every job-service table, to prove a failed request stored nothing. */
public record StoredRows(long jobs, long configs, long instances, long events) {

    public static StoredRows count(JdbcTemplate jdbc) {
        return new StoredRows(
                count(jdbc, "jobs"), count(jdbc, "task_configs"), count(jdbc, "job_instances"), count(jdbc, "outbox_events"));
    }

    private static long count(JdbcTemplate jdbc, String table) {
        Long n = jdbc.queryForObject("select count(*) from " + table, Long.class);
        return n == null ? 0 : n;
    }
}
