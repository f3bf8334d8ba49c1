package io.borealis.job.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.Constraint;
import io.borealis.api.job.CronSpec;
import io.borealis.api.job.HealthCheck;
import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import io.borealis.api.job.JobSpec;
import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.job.UpdateSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: each row breaks one thing in a valid spec and names the field and message expected. */
class JobSpecValidatorTest {

    /** Accepts "0 * * * * *"-like six-field expressions only; stands in for Spring's parser in a unit test. */
    private static final CronCheck SIX_FIELDS = s -> s.trim().split("\\s+").length == 6
            ? Optional.empty() : Optional.of("needs 6 fields");

    private final JobSpecValidator validator = new JobSpecValidator(SIX_FIELDS, 100);

    static final Resources RESOURCES = new Resources(0.5, 64, 0, List.of("http", "admin"));
    static final TaskConfig TASK = new TaskConfig("run", Map.of("A", "1"), RESOURCES,
            new HealthCheck(new HealthCheck.Http("http", "/health"), null, null, null, null, null, null),
            List.of(new Constraint("host", null, 1)), null, null, null, null, null);
    static final JobSpec VALID = new JobSpec(new JobKey("web", "prod", "hello"), 3, JobKind.SERVICE, TASK, null, null);

    static JobSpec withTask(UnaryOperator<TaskConfig> change) {
        return new JobSpec(VALID.key(), VALID.instances(), VALID.kind(), change.apply(TASK), null, null);
    }

    static TaskConfig task(Resources r) {
        return new TaskConfig(TASK.command(), TASK.env(), r, TASK.healthCheck(), TASK.constraints(), null, null, null, null, null);
    }

    static TaskConfig task(HealthCheck h) {
        return new TaskConfig(TASK.command(), TASK.env(), RESOURCES, h, TASK.constraints(), null, null, null, null, null);
    }

    static TaskConfig task(Constraint c) {
        return new TaskConfig(TASK.command(), TASK.env(), RESOURCES, TASK.healthCheck(), List.of(c), null, null, null, null, null);
    }

    static TaskConfig command(String command) {
        return new TaskConfig(command, TASK.env(), RESOURCES, TASK.healthCheck(), TASK.constraints(), null, null, null, null, null);
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                row("bad role", new JobSpec(new JobKey("we b", "prod", "x"), 1, JobKind.SERVICE, TASK, null, null), "key.role", "must match"),
                row("long name", new JobSpec(new JobKey("web", "prod", "x".repeat(65)), 1, JobKind.SERVICE, TASK, null, null), "key.name", "must match"),
                row("no key", new JobSpec(null, 1, JobKind.SERVICE, TASK, null, null), "key", "required"),
                row("zero instances", new JobSpec(VALID.key(), 0, JobKind.SERVICE, TASK, null, null), "instances", "≥ 1"),
                row("negative instances", new JobSpec(VALID.key(), -1, JobKind.SERVICE, TASK, null, null), "instances", "≥ 1"),
                row("too many instances", new JobSpec(VALID.key(), 101, JobKind.SERVICE, TASK, null, null), "instances", "≤ 100"),
                row("no instances", new JobSpec(VALID.key(), null, JobKind.SERVICE, TASK, null, null), "instances", "required"),
                row("no kind", new JobSpec(VALID.key(), 1, null, TASK, null, null), "kind", "required"),
                row("no task", new JobSpec(VALID.key(), 1, JobKind.SERVICE, null, null, null), "task", "required"),
                row("no command", withTask(t -> command(null)), "task.command", "required"),
                row("blank command", withTask(t -> command("  ")), "task.command", "blank"),
                row("no resources", withTask(t -> task((Resources) null)), "task.resources", "required"),
                row("zero cpus", withTask(t -> task(new Resources(0.0, 64, 0, List.of("http")))), "task.resources.cpus", "> 0"),
                row("NaN cpus", withTask(t -> task(new Resources(Double.NaN, 64, 0, List.of("http")))), "task.resources.cpus", "> 0"),
                row("no ram", withTask(t -> task(new Resources(1.0, null, 0, List.of("http")))), "task.resources.ramMb", "required"),
                row("zero ram", withTask(t -> task(new Resources(1.0, 0, 0, List.of("http")))), "task.resources.ramMb", "> 0"),
                row("negative disk", withTask(t -> task(new Resources(1.0, 1, -1, List.of("http")))), "task.resources.diskMb", "≥ 0"),
                row("bad port name", withTask(t -> task(new Resources(1.0, 1, 0, List.of("HTTP")))), "task.resources.ports[0]", "must match"),
                row("duplicate port", withTask(t -> task(new Resources(1.0, 1, 0, List.of("http", "http")))), "task.resources.ports[1]", "duplicate"),
                row("two health kinds", withTask(t -> task(new HealthCheck(new HealthCheck.Http("http", "/"), new HealthCheck.Tcp("http"), null, null, null, null, null))),
                        "task.healthCheck", "exactly one"),
                row("no health kind", withTask(t -> task(new HealthCheck(null, null, null, 1, 1, 1, 1))), "task.healthCheck", "exactly one"),
                row("health on unnamed port", withTask(t -> task(new HealthCheck(null, new HealthCheck.Tcp("grpc"), null, null, null, null, null))),
                        "task.healthCheck.tcp.port", "named ports"),
                row("health interval 0", withTask(t -> task(new HealthCheck(null, null, "true", null, 0, null, null))),
                        "task.healthCheck.intervalSecs", "≥ 1"),
                row("constraint without attribute", withTask(t -> task(new Constraint(null, null, 1))), "task.constraints[0].attribute", "required"),
                row("constraint with both", withTask(t -> task(new Constraint("zone", List.of("a"), 1))), "task.constraints[0]", "exactly one"),
                row("constraint with neither", withTask(t -> task(new Constraint("zone", null, null))), "task.constraints[0]", "exactly one"),
                row("constraint limit 0", withTask(t -> task(new Constraint("zone", null, 0))), "task.constraints[0].limit", "≥ 1"),
                row("bad tier", withTask(t -> new TaskConfig("run", null, RESOURCES, null, null, "gold", null, null, null, null)), "task.tier", "one of"),
                row("bad env name", withTask(t -> new TaskConfig("run", Map.of("1X", "v"), RESOURCES, null, null, null, null, null, null, null)),
                        "task.env.1X", "must match"),
                row("cron without schedule", new JobSpec(VALID.key(), 1, JobKind.CRON, TASK, null, null), "cron", "required for kind CRON"),
                row("cron bad schedule", new JobSpec(VALID.key(), 1, JobKind.CRON, TASK, new CronSpec("every day", null), null),
                        "cron.schedule", "needs 6 fields"),
                row("cron on a service", new JobSpec(VALID.key(), 1, JobKind.SERVICE, TASK, new CronSpec("0 0 * * * *", null), null),
                        "cron", "only allowed for kind CRON"),
                row("update batch 0", new JobSpec(VALID.key(), 1, JobKind.SERVICE, TASK, null,
                        new UpdateSettings(0, null, null, null, null, null, null, null, null, null, null, null)), "updateSettings.batchSize", "≥ 1"));
    }

    private static Arguments row(String label, JobSpec spec, String field, String message) {
        return Arguments.of(label, spec, field, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void namesTheFault(String label, JobSpec spec, String field, String message) {
        List<FieldFault> faults = validator.validate(spec);

        assertThat(faults).anySatisfy(f -> {
            assertThat(f.field()).isEqualTo(field);
            assertThat(f.message()).contains(message);
        });
    }

    @Test
    void aValidSpecHasNoFaults() {
        assertThat(validator.validate(VALID)).isEmpty();
        assertThat(validator.validate(new JobSpec(VALID.key(), 1, JobKind.CRON, TASK, new CronSpec("0 0 * * * *", null), null))).isEmpty();
    }

    @Test
    void everyFaultIsReportedAtOnce() {
        JobSpec broken = new JobSpec(new JobKey("", "prod", "x"), 0, null,
                new TaskConfig(null, null, new Resources(0.0, 0, -1, List.of()), null, null, null, null, null, null, null), null, null);

        assertThat(validator.validate(broken)).extracting(FieldFault::field).containsExactly(
                "key.role", "instances", "kind", "task.command", "task.resources.cpus", "task.resources.ramMb", "task.resources.diskMb");
    }

    @Test
    void noSpecAtAll() {
        assertThat(validator.validate(null)).extracting(FieldFault::message).containsExactly("a job spec is required");
    }

    @Test
    void aTaskConfigSentOnItsOwnIsCheckedWithPathsRelativeToIt() {
        TaskConfig bad = new TaskConfig(" ", null, new Resources(0.0, 64, null, null), null, null, "gold", null, null, null, null);

        assertThat(validator.validateTask(TASK)).isEmpty();
        assertThat(validator.validateTask(bad)).extracting(FieldFault::field).containsExactly("command", "resources.cpus", "tier");
        assertThat(validator.validateTask(null)).extracting(FieldFault::field).containsExactly("");
    }
}
