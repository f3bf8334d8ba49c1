package io.borealis.job.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.CronSpec;
import io.borealis.api.job.HealthCheck;
import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import io.borealis.api.job.JobSpec;
import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import org.junit.jupiter.api.Test;

class SpecDefaultsTest {

    @Test
    void fillsEveryDocumentedDefault() {
        TaskConfig bare = new TaskConfig("run", null, new Resources(1.0, 64, null, null),
                new HealthCheck(new HealthCheck.Http("http", null), null, null, null, null, null, null), null, null, null, null, null, null);
        JobSpec spec = SpecDefaults.apply(new JobSpec(new JobKey("a", "b", "c"), 1, JobKind.CRON, bare, new CronSpec("0 0 * * * *", null), null));

        TaskConfig task = spec.task();
        assertThat(task.env()).isEmpty();
        assertThat(task.constraints()).isEmpty();
        assertThat(task.tier()).isEqualTo("preferred");
        assertThat(task.priority()).isZero();
        assertThat(task.production()).isFalse();
        assertThat(task.maxTaskFailures()).isEqualTo(1);
        assertThat(task.killGracePeriodSecs()).isEqualTo(5);
        assertThat(task.resources().diskMb()).isZero();
        assertThat(task.resources().ports()).isEmpty();
        assertThat(task.healthCheck().http().path()).isEqualTo("/");
        assertThat(task.healthCheck().intervalSecs()).isEqualTo(10);
        assertThat(spec.cron().collisionPolicy()).isEqualTo(CronSpec.CollisionPolicy.KILL_EXISTING);
    }
}
