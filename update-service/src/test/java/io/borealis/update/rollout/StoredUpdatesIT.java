package io.borealis.update.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.UpdateSettings;
import io.borealis.update.EmbeddedPostgresConfig;
import io.borealis.update.lifecycle.InstanceAction;
import io.borealis.update.lifecycle.UpdateStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

/** The V1 schema on a real PostgreSQL: what the database itself guarantees about rollouts. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.boot.admin.client.enabled=false", "borealis.rollout.tick=1h"})
@Import(EmbeddedPostgresConfig.class)
class StoredUpdatesIT {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final UpdateSettings SETTINGS = new UpdateSettings(1, null, null, 10, 0, 0, true, null, null,
            null, null, null);

    @Autowired
    JobUpdates updates;
    @Autowired
    JobUpdateEvents events;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void clean() {
        events.deleteAll();
        updates.deleteAll();
    }

    @Test
    void flywayAppliedTheFirstMigration() {
        assertThat(jdbc.queryForList("select version from flyway_schema_history where success", String.class))
                .contains("1");
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("select data_type from information_schema.columns "
                + "where table_name = 'job_updates' and column_name = 'settings'", String.class)).isEqualTo("jsonb");
    }

    @Test
    void settingsAreStoredAsJsonAndReadBack() {
        UUID id = updates.save(update(new JobKey("web", "prod", "a"))).id();

        assertThat(jdbc.queryForObject("select settings ->> 'watchSecs' from job_updates where id = ?",
                String.class, id)).isEqualTo("10");
        assertThat(updates.findById(id)).get().extracting(JobUpdate::settings).isEqualTo(SETTINGS);
    }

    /** Exhaustive over UpdateStatus: the partial unique index and isTerminal() must agree. */
    @Test
    void aJobHasAtMostOneActiveUpdate() {
        for (UpdateStatus status : UpdateStatus.values()) {
            JobKey job = new JobKey("web", "prod", "job-" + status.name().toLowerCase());
            updates.saveAndFlush(update(job));
            JobUpdate another = update(job);
            another.moveTo(status, NOW);
            if (status.isTerminal()) {
                updates.saveAndFlush(another);
            } else {
                assertThatThrownBy(() -> updates.saveAndFlush(another)).as(status.name())
                        .isInstanceOf(DataIntegrityViolationException.class);
            }
        }
    }

    @Test
    void concurrentChangesToOneUpdateAreCaughtByItsVersion() {
        UUID id = updates.save(update(new JobKey("web", "prod", "b"))).id();
        JobUpdate first = updates.findById(id).orElseThrow();
        JobUpdate second = updates.findById(id).orElseThrow();

        first.moveTo(UpdateStatus.ROLL_FORWARD_PAUSED, NOW.plusSeconds(1));
        updates.save(first);
        second.moveTo(UpdateStatus.ABORTED, NOW.plusSeconds(2));

        assertThatThrownBy(() -> updates.save(second)).isInstanceOf(ObjectOptimisticLockingFailureException.class);
        assertThat(updates.findById(id)).get().extracting(JobUpdate::status)
                .isEqualTo(UpdateStatus.ROLL_FORWARD_PAUSED);
    }

    @Test
    void anEventIsEitherAStatusChangeOrAnInstanceAction() {
        UUID id = updates.save(update(new JobKey("web", "prod", "c"))).id();
        events.saveAll(List.of(
                JobUpdateEvent.statusChanged(id, UpdateStatus.ROLLING_FORWARD, NOW, null),
                JobUpdateEvent.instanceAction(id, InstanceAction.INSTANCE_UPDATING, 3, NOW, null)));

        assertThatThrownBy(() -> jdbc.update("insert into job_update_events (update_id, occurred_at, status, action) "
                + "values (?, now(), 'ROLLING_FORWARD', 'INSTANCE_UPDATING')", id))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update("insert into job_update_events (update_id, occurred_at) values (?, now())",
                id)).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(events.findByUpdateIdOrderById(id)).extracting(JobUpdateEvent::instance).containsExactly(null, 3);
    }

    @Test
    void deletingAnUpdateDeletesItsHistory() {
        UUID id = updates.save(update(new JobKey("web", "prod", "d"))).id();
        events.save(JobUpdateEvent.statusChanged(id, UpdateStatus.ROLLING_FORWARD, NOW, null));

        transactions.executeWithoutResult(tx -> jdbc.update("delete from job_updates where id = ?", id));

        assertThat(events.findByUpdateIdOrderById(id)).isEmpty();
    }

    private static JobUpdate update(JobKey job) {
        return new JobUpdate(UUID.randomUUID(), job, SETTINGS, null, NOW);
    }
}
