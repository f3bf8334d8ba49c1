package io.borealis.scheduler.task;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;

/** One task: an attempt to run one instance of a job with one config version. Config and ports are JSON text. */
@Entity
@Table(name = "task")
public class Task {

    @Id
    @Column(name = "task_id")
    private String taskId;
    private String role;
    private String environment;
    @Column(name = "job_name")
    private String jobName;
    @Column(name = "instance_id")
    private int instance;
    @Column(name = "config_version")
    private String configVersion;
    private String config;
    @Enumerated(EnumType.STRING)
    private TaskStatus status;
    @Column(name = "agent_id")
    private String agentId;
    private String hostname;
    private String ports;
    private Boolean healthy;
    @Column(name = "ancestor_id")
    private String ancestorId;
    @Column(name = "failure_count")
    private int failureCount;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "throttled_until")
    private Instant throttledUntil;
    @Column(name = "throttle_penalty_ms")
    private long throttlePenaltyMs;
    @Version
    private long version;
    /** {@link #job()}, built once (the key columns never change). */
    @Transient
    private JobKey job;

    protected Task() {
    }

    Task(String taskId, JobKey job, int instance, String configVersion, String config, String ancestorId,
         int failureCount, Instant now) {
        this.taskId = taskId;
        this.role = job.role();
        this.environment = job.environment();
        this.jobName = job.name();
        this.instance = instance;
        this.configVersion = configVersion;
        this.config = config;
        this.status = TaskStatus.PENDING;
        this.ancestorId = ancestorId;
        this.failureCount = failureCount;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void moveTo(TaskStatus next, Instant now) {
        this.status = next;
        this.updatedAt = now;
        if (next == TaskStatus.RUNNING && startedAt == null) {
            startedAt = now;
        }
        if (next != TaskStatus.THROTTLED) {
            throttledUntil = null;
        }
    }

    /** The columns {@link #fromRow} reads, in a SELECT list. */
    static final String COLUMNS = "task_id, role, environment, job_name, instance_id, config_version, config, status,"
            + " agent_id, hostname, ports, healthy, ancestor_id, failure_count, created_at, updated_at, started_at,"
            + " throttled_until, throttle_penalty_ms, version";

    /**
     * A task as stored, read with plain JDBC (the leader view's bulk load: no Hibernate work per row).
     * {@code shared} returns one instance per distinct text, so that the instances of a job share their
     * config, names and agent strings instead of holding a copy each.
     */
    static Task fromRow(ResultSet row, UnaryOperator<String> shared) throws SQLException {
        Task task = new Task();
        task.taskId = row.getString("task_id");
        task.role = shared.apply(row.getString("role"));
        task.environment = shared.apply(row.getString("environment"));
        task.jobName = shared.apply(row.getString("job_name"));
        task.instance = row.getInt("instance_id");
        task.configVersion = shared.apply(row.getString("config_version"));
        task.config = shared.apply(row.getString("config"));
        task.status = TaskStatus.valueOf(row.getString("status"));
        task.agentId = shared.apply(row.getString("agent_id"));
        task.hostname = shared.apply(row.getString("hostname"));
        task.ports = row.getString("ports");
        task.healthy = row.getObject("healthy", Boolean.class);
        task.ancestorId = row.getString("ancestor_id");
        task.failureCount = row.getInt("failure_count");
        task.createdAt = instant(row, "created_at");
        task.updatedAt = instant(row, "updated_at");
        task.startedAt = instant(row, "started_at");
        task.throttledUntil = instant(row, "throttled_until");
        task.throttlePenaltyMs = row.getLong("throttle_penalty_ms");
        task.version = row.getLong("version");
        return task;
    }

    /**
     * Writes what a transition or a placement changes, checked against the version read: no row
     * matches (0 updated) when the task changed since. Bound by {@link #bindStateUpdate}.
     */
    static final String UPDATE_STATE = "UPDATE task SET status = ?, agent_id = ?, hostname = ?, ports = ?, healthy = ?,"
            + " failure_count = ?, updated_at = ?, started_at = ?, throttled_until = ?, throttle_penalty_ms = ?,"
            + " version = version + 1 WHERE task_id = ? AND version = ?";

    void bindStateUpdate(PreparedStatement statement) throws SQLException {
        statement.setString(1, status.name());
        statement.setString(2, agentId);
        statement.setString(3, hostname);
        statement.setString(4, ports);
        statement.setObject(5, healthy, Types.BOOLEAN);
        statement.setInt(6, failureCount);
        statement.setObject(7, timestamp(updatedAt), Types.TIMESTAMP_WITH_TIMEZONE);
        statement.setObject(8, timestamp(startedAt), Types.TIMESTAMP_WITH_TIMEZONE);
        statement.setObject(9, timestamp(throttledUntil), Types.TIMESTAMP_WITH_TIMEZONE);
        statement.setLong(10, throttlePenaltyMs);
        statement.setString(11, taskId);
        statement.setLong(12, version);
    }

    /** A new task's row (version 0), bound by {@link #bindInsert}. */
    static final String INSERT = "INSERT INTO task (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?)";

    void bindInsert(PreparedStatement statement) throws SQLException {
        statement.setString(1, taskId);
        statement.setString(2, role);
        statement.setString(3, environment);
        statement.setString(4, jobName);
        statement.setInt(5, instance);
        statement.setString(6, configVersion);
        statement.setString(7, config);
        statement.setString(8, status.name());
        statement.setString(9, agentId);
        statement.setString(10, hostname);
        statement.setString(11, ports);
        statement.setObject(12, healthy, Types.BOOLEAN);
        statement.setString(13, ancestorId);
        statement.setInt(14, failureCount);
        statement.setObject(15, timestamp(createdAt), Types.TIMESTAMP_WITH_TIMEZONE);
        statement.setObject(16, timestamp(updatedAt), Types.TIMESTAMP_WITH_TIMEZONE);
        statement.setObject(17, timestamp(startedAt), Types.TIMESTAMP_WITH_TIMEZONE);
        statement.setObject(18, timestamp(throttledUntil), Types.TIMESTAMP_WITH_TIMEZONE);
        statement.setLong(19, throttlePenaltyMs);
        statement.setLong(20, version);
    }

    /** After {@link #UPDATE_STATE} updated the row: this copy now matches it. */
    void written() {
        version++;
    }

    /** A field-for-field copy, to change without touching the original (the leader view's). */
    Task copy() {
        Task task = new Task();
        task.taskId = taskId;
        task.role = role;
        task.environment = environment;
        task.jobName = jobName;
        task.instance = instance;
        task.configVersion = configVersion;
        task.config = config;
        task.status = status;
        task.agentId = agentId;
        task.hostname = hostname;
        task.ports = ports;
        task.healthy = healthy;
        task.ancestorId = ancestorId;
        task.failureCount = failureCount;
        task.createdAt = createdAt;
        task.updatedAt = updatedAt;
        task.startedAt = startedAt;
        task.throttledUntil = throttledUntil;
        task.throttlePenaltyMs = throttlePenaltyMs;
        task.version = version;
        task.job = job;
        return task;
    }

    private static OffsetDateTime timestamp(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** A new task of a flapping instance waits THROTTLED until {@code until}. */
    void throttle(Instant until, Duration penalty) {
        this.status = TaskStatus.THROTTLED;
        this.throttledUntil = until;
        this.throttlePenaltyMs = penalty.toMillis();
    }

    /** The operator cleared the throttle: the next quick death starts from the initial delay again. */
    void forgivePenalty() {
        this.throttlePenaltyMs = 0;
    }

    void place(String agentId, String hostname, String portsJson) {
        this.agentId = agentId;
        this.hostname = hostname;
        this.ports = portsJson;
    }

    void setHealthy(Boolean healthy) {
        this.healthy = healthy;
    }

    void countFailure() {
        this.failureCount++;
    }

    public String taskId() {
        return taskId;
    }

    public JobKey job() {
        JobKey key = job;
        if (key == null) {
            key = new JobKey(role, environment, jobName);
            job = key;
        }
        return key;
    }

    public int instance() {
        return instance;
    }

    public String configVersion() {
        return configVersion;
    }

    public String configJson() {
        return config;
    }

    public TaskStatus status() {
        return status;
    }

    public String agentId() {
        return agentId;
    }

    public String hostname() {
        return hostname;
    }

    public String portsJson() {
        return ports;
    }

    public Boolean healthy() {
        return healthy;
    }

    public String ancestorId() {
        return ancestorId;
    }

    public int failureCount() {
        return failureCount;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The first time it was RUNNING; null if it never ran. */
    public Instant startedAt() {
        return startedAt;
    }

    /** Until when it waits, while THROTTLED. */
    public Instant throttledUntil() {
        return throttledUntil;
    }

    public Duration throttlePenalty() {
        return Duration.ofMillis(throttlePenaltyMs);
    }
}
