package io.borealis.cluster.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.borealis.cluster.ClusterProperties;
import io.borealis.cluster.agent.Agents;
import io.borealis.cluster.agent.SimulatedTaskRunner;
import io.borealis.cluster.protocol.RecordIoReader;
import io.borealis.cluster.protocol.WireFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DECLINE filters, REVIVE and SUPPRESS through the master's calls, without HTTP or Spring. */
class MasterOffersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    // the periodic allocation is an hour away: every offer here comes from a call
    private final ClusterProperties properties = Recorder.properties(3, Duration.ofHours(1), Duration.ofHours(1));
    private final SimulatedTaskRunner runner = new SimulatedTaskRunner();
    private final Master master = new Master(properties, new Agents(properties), runner);
    private final List<Thread> pumps = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        master.shutdown();
        runner.shutdown();
        for (Thread pump : pumps) {
            pump.join(WAIT.toMillis());
        }
    }

    @Test
    void declineFiltersForRefuseSecondsAndReviveClearsTheFilters() {
        Scheduler scheduler = subscribe("decliner");
        List<Offer> first = scheduler.awaitOffers(3);

        scheduler.call(decline(first.get(0), 3600));
        scheduler.call(decline(first.get(1), 0.2));
        scheduler.call(decline(first.get(2), 3600));

        List<Offer> again = scheduler.awaitOffers(4);
        assertThat(again.get(3).getAgentId()).isEqualTo(first.get(1).getAgentId());
        assertThat(scheduler.offers()).hasSize(4); // the hour-long filters hold

        scheduler.call(Call.newBuilder().setType(Call.Type.REVIVE));
        assertThat(scheduler.awaitOffers(6).subList(4, 6)).extracting(Offer::getAgentId)
                .containsExactlyInAnyOrder(first.get(0).getAgentId(), first.get(2).getAgentId());
    }

    @Test
    void aSuppressedFrameworkGetsNoOffersUntilItRevives() {
        Scheduler quiet = subscribe("quiet");
        List<Offer> offers = quiet.awaitOffers(3);
        quiet.call(Call.newBuilder().setType(Call.Type.SUPPRESS));
        Scheduler other = subscribe("other");

        // the quiet framework is first in line, so it would get these back were it not suppressed
        offers.forEach(offer -> quiet.call(decline(offer, 0)));

        assertThat(other.awaitOffers(3)).extracting(Offer::getAgentId)
                .containsExactlyElementsOf(offers.stream().map(Offer::getAgentId).toList());
        assertThat(quiet.offers()).hasSize(3);

        quiet.call(Call.newBuilder().setType(Call.Type.REVIVE));
        other.offers().forEach(offer -> other.call(decline(offer, 0)));
        assertThat(quiet.awaitOffers(6)).hasSize(6);
    }

    @Test
    void theResourcesOfAnEndedTaskAreOfferedAtOnce() {
        Scheduler scheduler = subscribe("ender");
        List<Offer> first = scheduler.awaitOffers(3);
        Offer offer = first.get(0);
        TaskInfo task = TaskInfo.newBuilder().setName("t1").setTaskId(TaskID.newBuilder().setValue("t1"))
                .setAgentId(offer.getAgentId()).addResources(scalar("cpus", 1)).addResources(scalar("mem", 64))
                .setCommand(CommandInfo.newBuilder().setValue("sleep 3600")).build();
        // the rest of the agent is refused for an hour, and the periodic allocation is an hour away
        scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId())
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task)))
                .setFilters(Filters.newBuilder().setRefuseSeconds(3600))));

        scheduler.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
                .setTaskId(task.getTaskId())));

        // more than the refused rest is free again: the whole agent comes back in a prompt allocation
        Offer again = scheduler.awaitOffers(4).get(3);
        assertThat(again.getAgentId()).isEqualTo(offer.getAgentId());
        assertThat(again.getResourcesList()).filteredOn(r -> r.getName().equals("cpus")).singleElement()
                .satisfies(r -> assertThat(r.getScalar().getValue()).isEqualTo(properties.cpusPerAgent()));
        assertThat(scheduler.offers()).hasSize(4);
    }

    private Scheduler subscribe(String name) {
        Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
                .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("test").setName(name))).build();
        Subscription subscription = master.subscribe(subscribe, WireFormat.PROTOBUF);
        Scheduler scheduler = new Scheduler(subscription);
        Thread pump = new Thread(scheduler::pump, "pump-" + name);
        pump.setDaemon(true);
        pump.start();
        pumps.add(pump);
        return scheduler;
    }

    private static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    private static Call.Builder decline(Offer offer, double refuseSeconds) {
        return Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                .addOfferIds(OfferID.newBuilder().setValue(offer.getId().getValue()))
                .setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds)));
    }

    /** A framework's side of one subscription: its events, decoded as the master writes them. */
    private final class Scheduler {
        private final Subscription subscription;
        private final List<Event> events = new ArrayList<>();

        Scheduler(Subscription subscription) {
            this.subscription = subscription;
        }

        void pump() {
            try {
                subscription.pump(bytes -> {
                    RecordIoReader reader = new RecordIoReader(new ByteArrayInputStream(bytes));
                    for (byte[] record = reader.next(); record != null; record = reader.next()) {
                        Event event = Event.parseFrom(record);
                        synchronized (events) {
                            events.add(event);
                        }
                    }
                });
            } catch (IOException e) {
                // ended
            }
        }

        List<Offer> offers() {
            synchronized (events) {
                return OfferBookTest.offers(events);
            }
        }

        List<Offer> awaitOffers(int count) {
            await().atMost(WAIT).until(() -> offers().size() >= count);
            return offers();
        }

        void call(Call.Builder call) {
            master.call(call.setFrameworkId(FrameworkID.newBuilder().setValue(subscription.frameworkId())).build(),
                    subscription.streamId());
        }
    }
}
