package io.borealis.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.api.job.JobKey;
import io.borealis.scheduler.mesos.MesosClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/**
 * Held offers (issue 3, "Offers") against the scripted master, asserting on the exact calls: an
 * unused offer is declined only after {@code borealis.offers.hold-for}, with the idle filter; a job
 * that arrives after the offer is launched on the held offer; a rescinded offer and the offers of an
 * ended subscription are never used; no offer id appears in two calls.
 */
class SchedulerOfferHoldIT extends FakeMasterTest {

    private static final JobKey JOB = new JobKey("web", "prod", "held");

    /** Each test starts the scheduler itself, with its own settings. */
    @Override
    protected String[] schedulerArgs() {
        return null;
    }

    @Test
    void anUnusedOfferIsDeclinedOnlyAfterTheHoldTime() {
        master.pauseOffers();
        boot("1500ms");
        long offeredAt = System.nanoTime();
        List<String> offered = master.offerNow();
        assertThat(offered).hasSize(2);

        Call decline = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> declineOf(offered.get(0)), d -> d != null);
        long heldMs = (System.nanoTime() - offeredAt) / 1_000_000;
        assertThat(heldMs).as("declined after %d ms", heldMs).isGreaterThanOrEqualTo(1500);
        assertThat(decline.getDecline().getFilters().getRefuseSeconds()).isEqualTo(60.0); // nothing pending
        assertThat(ids(decline.getDecline().getOfferIdsList())).containsExactlyInAnyOrderElementsOf(offered);
        assertThat(master.calls(Call.Type.ACCEPT)).isEmpty();
    }

    @Test
    void aJobArrivingAfterTheOfferIsLaunchedOnTheHeldOffer() {
        master.pauseOffers();
        boot("60s");
        List<String> offered = master.offerNow();

        gateway.jobs(FakeGateway.service(JOB, 1, "sleep 600"));
        Call accept = await().atMost(Duration.ofSeconds(10)).until(() -> master.calls(Call.Type.ACCEPT),
                calls -> !calls.isEmpty()).get(0);
        assertThat(ids(accept.getAccept().getOfferIdsList())).singleElement().isIn(offered);
        await().atMost(Duration.ofSeconds(10)).until(() -> master.tasks().containsValue(TaskState.TASK_RUNNING));
        assertThat(master.calls(Call.Type.DECLINE)).isEmpty(); // the other offer is still held
        assertNoOfferUsedTwice();
    }

    @Test
    void rescindedOffersAndThoseOfAnEndedSubscriptionAreNeverUsed() {
        master.pauseOffers();
        boot("60s");
        List<String> rescinded = master.offerNow();
        rescinded.forEach(master::rescind);
        List<String> ofOldSubscription = master.offerNow();
        master.dropSubscription();
        awaitSubscribed(2);

        gateway.jobs(FakeGateway.service(JOB, 1, "sleep 600"));
        // nothing held is valid: the task waits for a new offer
        List<String> fresh = master.offerNow();
        Call accept = await().atMost(Duration.ofSeconds(10)).until(() -> master.calls(Call.Type.ACCEPT),
                calls -> !calls.isEmpty()).get(0);
        assertThat(ids(accept.getAccept().getOfferIdsList())).singleElement().isIn(fresh);
        List<String> used = usedOfferIds();
        assertThat(used).doesNotContainAnyElementsOf(rescinded).doesNotContainAnyElementsOf(ofOldSubscription);
        assertNoOfferUsedTwice();
    }

    @Test
    void underSteadyOffersNoOfferIdIsInTwoCalls() {
        boot("400ms");
        gateway.jobs(FakeGateway.service(JOB, 4, "sleep 600"));
        await().atMost(Duration.ofSeconds(15)).until(() -> master.tasks().values().stream()
                .filter(s -> s == TaskState.TASK_RUNNING).count() == 4);
        // offers keep coming every 200 ms: several rounds of holding and declining
        await().atMost(Duration.ofSeconds(15)).until(() -> master.calls(Call.Type.DECLINE).size() >= 5);
        assertNoOfferUsedTwice();
        assertThat(master.calls(Call.Type.ACCEPT)).isNotEmpty();
    }

    @Test
    void whileATaskNoAgentCanTakeWaitsOffersAreNeitherSuppressedNorRefusedLong() throws Exception {
        // one task too big for any agent (the oldest), three that fit; rounds of one task each, so
        // the last slice of a pass places all it has while the big one still waits
        JobKey huge = new JobKey("web", "prod", "a-huge"); // first in the oldest-first order (ties by task id)
        gateway.jobs(FakeGateway.service(huge, 1, "sleep 600", 100.0), FakeGateway.service(JOB, 3, "sleep 600"));
        master.pauseOffers();
        scheduler = SchedulerRunner.start(pg, master.uri(), gateway.uri(), "--borealis.offers.tasks-per-round=1");
        awaitSubscribed(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> SchedulerRunner.tasks(scheduler, huge).size() == 1
                && SchedulerRunner.tasks(scheduler, JOB).size() == 3);
        int before = master.calls().size();

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
            master.offerNow();
            return master.tasks().values().stream().filter(s -> s == TaskState.TASK_RUNNING).count() == 3;
        });

        List<Call> since = master.calls().subList(before, master.calls().size());
        assertThat(since).as("no SUPPRESS while a task waits").noneMatch(c -> c.getType() == Call.Type.SUPPRESS);
        assertThat(since).filteredOn(c -> c.getType() == Call.Type.ACCEPT).isNotEmpty()
                .allSatisfy(c -> assertThat(c.getAccept().getFilters().getRefuseSeconds())
                        .as("the short filter while tasks wait").isEqualTo(5.0));
        assertThat(SchedulerRunner.tasks(scheduler, huge).get(0).pendingReasons())
                .extracting(r -> r.reason()).contains("INSUFFICIENT_CPUS");
    }

    private void boot(String holdFor) {
        scheduler = SchedulerRunner.start(pg, master.uri(), gateway.uri(), "--borealis.offers.hold-for=" + holdFor);
        awaitSubscribed(1);
    }

    /** The scheduler has handled SUBSCRIBED of its {@code n}-th subscription (offers sent now are for it). */
    private void awaitSubscribed(int n) {
        MesosClient client = scheduler.getBean(MesosClient.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> master.calls(Call.Type.SUBSCRIBE).size() >= n
                && client.isSubscribed());
    }

    private Call declineOf(String offerId) {
        return master.calls(Call.Type.DECLINE).stream()
                .filter(c -> ids(c.getDecline().getOfferIdsList()).contains(offerId)).findFirst().orElse(null);
    }

    /** Every offer id in every ACCEPT and DECLINE, one entry per mention. */
    private List<String> usedOfferIds() {
        List<String> used = new ArrayList<>();
        for (Call call : master.calls()) {
            if (call.getType() == Call.Type.ACCEPT) {
                used.addAll(ids(call.getAccept().getOfferIdsList()));
            } else if (call.getType() == Call.Type.DECLINE) {
                used.addAll(ids(call.getDecline().getOfferIdsList()));
            }
        }
        return used;
    }

    private void assertNoOfferUsedTwice() {
        assertThat(usedOfferIds()).doesNotHaveDuplicates();
    }

    private static List<String> ids(List<OfferID> ids) {
        return ids.stream().map(OfferID::getValue).toList();
    }
}
