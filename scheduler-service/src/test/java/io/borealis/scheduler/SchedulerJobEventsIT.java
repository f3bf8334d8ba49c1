package io.borealis.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * With the job event stream up, the scheduler follows job-service job by job: an event re-reads only
 * the job it names (never the whole desired state), and the convergence round it wakes touches only
 * that job. Full reads are left to a long interval here, so a test that passed on them would fail.
 */
class SchedulerJobEventsIT extends FakeMasterTest {

    private static final JobKey WEB = new JobKey("web", "prod", "api");
    private static final JobKey BATCH = new JobKey("etl", "prod", "loader");

    @Override
    protected void beforeScheduler() {
        gateway.serveEvents();
    }

    @Override
    protected String[] schedulerArgs() {
        return new String[] {"--borealis.gateway.poll-interval=1h",
                "--borealis.gateway.resync-interval=1h",
                "--borealis.tasks.convergence-interval=1h"};
    }

    @Test
    void eachJobEventReadsOnlyItsJob() throws Exception {
        // subscribed, and the full reads of start and of the connection done: the same count twice in a row
        AtomicInteger seen = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            int reads = gateway.fullReads();
            return gateway.openStreams() == 1 && reads >= 1 && seen.getAndSet(reads) == reads;
        });
        int fullReads = gateway.fullReads();

        gateway.jobs(FakeGateway.service(WEB, 2, "sleep 600"));
        gateway.event("JOB_CREATED", WEB);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(SchedulerRunner.tasks(scheduler, WEB)).filteredOn(t -> t.status() == TaskStatus.RUNNING)
                        .hasSize(2));

        gateway.jobs(FakeGateway.service(WEB, 2, "sleep 600"), FakeGateway.service(BATCH, 3, "sleep 600"));
        gateway.event("JOB_CREATED", BATCH);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(SchedulerRunner.tasks(scheduler, BATCH)).filteredOn(t -> t.status() == TaskStatus.RUNNING)
                        .hasSize(3));
        assertThat(gateway.jobReads(WEB)).isEqualTo(1);
        assertThat(gateway.jobReads(BATCH)).isEqualTo(1);

        // the job is deleted: its event alone makes the scheduler kill its tasks
        gateway.jobs(FakeGateway.service(BATCH, 3, "sleep 600"));
        gateway.event("JOB_DELETED", WEB);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(SchedulerRunner.tasks(scheduler, WEB)).extracting(TaskView::status)
                        .containsOnly(TaskStatus.KILLED));
        assertThat(SchedulerRunner.tasks(scheduler, BATCH)).extracting(TaskView::status)
                .containsOnly(TaskStatus.RUNNING);
        assertThat(gateway.jobReads(WEB)).isEqualTo(2);
        assertThat(gateway.fullReads()).isEqualTo(fullReads);
    }
}
