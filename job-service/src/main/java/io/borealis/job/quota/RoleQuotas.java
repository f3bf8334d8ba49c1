package io.borealis.job.quota;

import java.time.Instant;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * Rows of {@code role_quotas}. Plain JDBC rather than JPA: the table is three numbers per role and
 * the two operations that matter are an upsert and a {@code FOR UPDATE} read.
 */
@Repository
class RoleQuotas {

    private static final RowMapper<ResourceAmounts> AMOUNTS = (rs, n) ->
            new ResourceAmounts(rs.getBigDecimal("cpus"), rs.getLong("ram_mb"), rs.getLong("disk_mb"));

    private final JdbcTemplate jdbc;

    RoleQuotas(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ResourceAmounts> find(String role) {
        return first(jdbc.query("select cpus, ram_mb, disk_mb from role_quotas where role = ?", AMOUNTS, role));
    }

    /** The quota, row-locked until commit: admissions of one role are serialised, so two cannot both take the last share. */
    Optional<ResourceAmounts> lock(String role) {
        return first(jdbc.query("select cpus, ram_mb, disk_mb from role_quotas where role = ? for update", AMOUNTS, role));
    }

    void put(String role, ResourceAmounts quota, Instant now) {
        jdbc.update("""
                insert into role_quotas (role, cpus, ram_mb, disk_mb, updated_at) values (?, ?, ?, ?, ?)
                on conflict (role) do update
                   set cpus = excluded.cpus, ram_mb = excluded.ram_mb, disk_mb = excluded.disk_mb,
                       updated_at = excluded.updated_at
                """, role, quota.cpus(), quota.ramMb(), quota.diskMb(), Timestamp.from(now));
    }

    boolean delete(String role) {
        return jdbc.update("delete from role_quotas where role = ?", role) > 0;
    }

    private static Optional<ResourceAmounts> first(List<ResourceAmounts> rows) {
        return rows.stream().findFirst();
    }
}
