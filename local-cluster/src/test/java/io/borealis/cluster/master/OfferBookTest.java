package io.borealis.cluster.master;

import static io.borealis.cluster.master.Recorder.framework;
import static io.borealis.cluster.master.Recorder.sent;
import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.cluster.agent.Agent;
import io.borealis.cluster.agent.Agents;
import io.borealis.cluster.agent.PortSet;
import io.borealis.cluster.agent.ResourceSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/** The allocator alone: which agents are offered to whom, and what an offer id is worth. */
class OfferBookTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final List<Agent> agents = new Agents(Recorder.properties(3, Duration.ofHours(1), Duration.ofHours(1))).all();
    private final OfferBook book = new OfferBook();
    private final Framework first = framework("first");
    private final Framework second = framework("second");

    @Test
    void offersEachAgentsFreeResourcesOnceToTheFirstFramework() {
        book.allocate(List.of(first, second), agents, NOW);

        List<Offer> offers = offers(sent(first));
        assertThat(offers).extracting(o -> o.getAgentId().getValue())
                .containsExactly(agents.get(0).id(), agents.get(1).id(), agents.get(2).id());
        assertThat(offers).extracting(o -> o.getId().getValue()).doesNotHaveDuplicates();
        assertThat(offers.get(0).getResourcesList()).extracting(r -> r.getName())
                .containsExactly("cpus", "mem", "disk", "ports");
        assertThat(sent(second)).isEmpty();
        assertThat(agents.get(0).offered()).isEqualTo(agents.get(0).total());
        assertThat(book.outstanding()).isEqualTo(3);

        // everything is out: a second round offers nothing
        book.allocate(List.of(first, second), agents, NOW);
        assertThat(sent(first)).isEmpty();
        assertThat(sent(second)).isEmpty();
    }

    @Test
    void anOfferIdIsUsableOnceAndOnlyByItsFramework() {
        book.allocate(List.of(first), agents, NOW);
        String offerId = offers(sent(first)).get(0).getId().getValue();

        assertThat(book.take(offerId, second.id)).isNull();
        OfferBook.Outstanding taken = book.take(offerId, first.id);
        assertThat(taken).isNotNull();
        assertThat(taken.agent()).isSameAs(agents.get(0));
        assertThat(agents.get(0).offered()).isEqualTo(ResourceSet.EMPTY);
        assertThat(book.take(offerId, first.id)).isNull();
        assertThat(book.take("no-such-offer", first.id)).isNull();

        // the resources came back: they are offered again under a new id
        book.allocate(List.of(first), agents, NOW);
        List<Offer> again = offers(sent(first));
        assertThat(again).singleElement().satisfies(o -> {
            assertThat(o.getAgentId().getValue()).isEqualTo(agents.get(0).id());
            assertThat(o.getId().getValue()).isNotEqualTo(offerId);
        });
    }

    @Test
    void aFilterHoldsBackTheRefusedResourcesUntilItExpires() {
        Agent agent = agents.get(0);
        first.filters.put(agent.id(), new Framework.OfferFilter(agent.total(), NOW.plusSeconds(5)));

        book.allocate(List.of(first), agents, NOW);
        assertThat(offers(sent(first))).extracting(o -> o.getAgentId().getValue())
                .containsExactly(agents.get(1).id(), agents.get(2).id());

        book.allocate(List.of(first), agents, NOW.plusSeconds(5));
        assertThat(offers(sent(first))).extracting(o -> o.getAgentId().getValue()).containsExactly(agent.id());
        assertThat(first.filters).isEmpty();
    }

    @Test
    void resourcesBeyondTheRefusedOnesAreOfferedAtOnce() {
        Agent agent = agents.get(0);
        agent.use(new ResourceSet(2, 512, 0, PortSet.EMPTY));
        first.filters.put(agent.id(), new Framework.OfferFilter(agent.available(), NOW.plusSeconds(60)));
        book.allocate(List.of(first), agents.subList(0, 1), NOW);
        assertThat(sent(first)).isEmpty();

        agent.release(new ResourceSet(1, 256, 0, PortSet.EMPTY)); // a task ended
        book.allocate(List.of(first), agents.subList(0, 1), NOW);
        assertThat(offers(sent(first))).singleElement()
                .satisfies(o -> assertThat(o.getResources(0).getScalar().getValue()).isEqualTo(3.0));
    }

    @Test
    void aPromptAllocationLooksOnlyAtTheAgentsThatChanged() {
        Agent changed = agents.get(0);
        Agent expiresFirst = agents.get(1);
        Agent expiresLater = agents.get(2);
        first.filters.put(expiresFirst.id(), new Framework.OfferFilter(expiresFirst.total(), NOW.plusSeconds(5)));
        first.filters.put(expiresLater.id(), new Framework.OfferFilter(expiresLater.total(), NOW.plusSeconds(5)));
        book.allocate(List.of(first), agents, NOW);
        String offerId = offers(sent(first)).get(0).getId().getValue();

        // declined without a filter: the agent changed; the others' filters have expired, but nobody said so
        book.take(offerId, first.id);
        book.allocateChanged(List.of(first), agents, NOW.plusSeconds(10));
        assertThat(offers(sent(first))).extracting(o -> o.getAgentId().getValue()).containsExactly(changed.id());
        assertThat(first.filters).containsOnlyKeys(expiresFirst.id(), expiresLater.id()); // not even looked at

        // the first filter's timer says its agent may have something to offer again
        book.changed(expiresFirst);
        book.allocateChanged(List.of(first), agents, NOW.plusSeconds(10));
        assertThat(offers(sent(first))).extracting(o -> o.getAgentId().getValue()).containsExactly(expiresFirst.id());

        // nothing changed: a prompt allocation offers nothing, and the offers out stay out
        book.allocateChanged(List.of(first), agents, NOW.plusSeconds(10));
        assertThat(sent(first)).isEmpty();

        // the periodic allocation looks at every agent and finds the expired filter
        book.allocate(List.of(first), agents, NOW.plusSeconds(10));
        assertThat(offers(sent(first))).extracting(o -> o.getAgentId().getValue()).containsExactly(expiresLater.id());
        assertThat(first.filters).isEmpty();
        assertThat(book.outstanding()).isEqualTo(3);
    }

    @Test
    void everyAgentIsLookedAtWhenAFrameworkMaySeeMore() {
        agents.forEach(agent -> first.filters.put(agent.id(),
                new Framework.OfferFilter(agent.total(), NOW.plusSeconds(3600))));
        book.allocate(List.of(first), agents, NOW);
        assertThat(sent(first)).isEmpty();

        // no agent changed, so a prompt allocation alone would never show them to a newcomer
        Framework late = framework("late");
        book.allocateChanged(List.of(first, late), agents, NOW);
        assertThat(sent(late)).isEmpty();

        book.everyAgentChanged(); // what the master says when a framework subscribes or revives
        book.allocateChanged(List.of(first, late), agents, NOW);
        assertThat(offers(sent(late))).hasSize(3);
        assertThat(sent(first)).isEmpty();
    }

    @Test
    void suppressedAndDisconnectedFrameworksGetNoOffers() {
        first.suppressed = true;
        Framework gone = framework("gone");
        gone.subscription = null;

        book.allocate(List.of(first, gone, second), agents, NOW);

        assertThat(sent(first)).isEmpty();
        assertThat(offers(sent(second))).hasSize(3);
    }

    @Test
    void inactiveAgentsAreNotOfferedAndRescindingTellsTheFramework() {
        agents.get(2).setActive(false);
        book.allocate(List.of(first), agents, NOW);
        List<Offer> offers = offers(sent(first));
        assertThat(offers).hasSize(2);

        book.rescind(agents.get(0), Map.of(first.id, first));

        assertThat(sent(first)).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(Event.Type.RESCIND);
            assertThat(e.getRescind().getOfferId()).isEqualTo(offers.get(0).getId());
        });
        assertThat(agents.get(0).offered()).isEqualTo(ResourceSet.EMPTY);
        assertThat(book.take(offers.get(0).getId().getValue(), first.id)).isNull();
        assertThat(book.outstanding()).isEqualTo(1);

        book.drop(first.id);
        assertThat(book.outstanding()).isZero();
        assertThat(agents.get(1).offered()).isEqualTo(ResourceSet.EMPTY);
        assertThat(sent(first)).isEmpty();
    }

    static List<Offer> offers(List<Event> events) {
        return events.stream().filter(e -> e.getType() == Event.Type.OFFERS)
                .flatMap(e -> e.getOffers().getOffersList().stream()).toList();
    }
}
