package io.borealis.scheduler.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.Constraint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementTest {

    private static final Slot AGENT = new Slot("o1", "a1", "h1", Map.of("zone", "a", "rack", "r1"), 1.0, 512, 1024,
            List.of(new Slot.PortRange(31000, 31001)));

    static List<Arguments> checks() {
        return List.of(
                Arguments.of("fits", demand(0.5, 256, 10, List.of("http"), List.of()), null),
                Arguments.of("too many cpus", demand(2, 256, 10, List.of(), List.of()), Veto.INSUFFICIENT_CPUS),
                Arguments.of("too much mem", demand(0.5, 1024, 10, List.of(), List.of()), Veto.INSUFFICIENT_MEM),
                Arguments.of("too much disk", demand(0.5, 256, 2048, List.of(), List.of()), Veto.INSUFFICIENT_DISK),
                Arguments.of("too many ports", demand(0.5, 256, 10, List.of("a", "b", "c"), List.of()), Veto.INSUFFICIENT_PORTS),
                Arguments.of("value matches", demand(0.5, 256, 10, List.of(), List.of(value("zone", "a", "b"))), null),
                Arguments.of("value mismatch", demand(0.5, 256, 10, List.of(), List.of(value("zone", "b"))), Veto.CONSTRAINT_MISMATCH),
                Arguments.of("excluded value", demand(0.5, 256, 10, List.of(), List.of(value("zone", "!a"))), Veto.CONSTRAINT_MISMATCH),
                Arguments.of("other value not excluded", demand(0.5, 256, 10, List.of(), List.of(value("zone", "!b"))), null),
                Arguments.of("missing attribute", demand(0.5, 256, 10, List.of(), List.of(value("dedicated", "x"))), Veto.CONSTRAINT_MISMATCH),
                Arguments.of("host defaults to hostname", demand(0.5, 256, 10, List.of(), List.of(value("host", "h1"))), null),
                Arguments.of("limit not reached", demand(0.5, 256, 10, List.of(), List.of(limit("host", 1))), null),
                Arguments.of("constraint checked before resources", demand(4, 256, 10, List.of(), List.of(value("zone", "z"))),
                        Veto.CONSTRAINT_MISMATCH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void singleTaskOnSingleOffer(String name, Demand demand, Veto expected) {
        Plan plan = new Placement().place(List.of(demand), List.of(AGENT), new JobSpread());
        if (expected == null) {
            assertThat(plan.assignments()).hasSize(1);
            assertThat(plan.vetoes()).isEmpty();
        } else {
            assertThat(plan.assignments()).isEmpty();
            assertThat(plan.vetoes().get(demand.taskId())).isEqualTo(Map.of(expected, 1));
        }
    }

    @Test
    void portsAreTakenFromRangesAndNeverTwice() {
        Slot slot = new Slot("o1", "a1", "h1", Map.of(), 4, 4096, 4096,
                List.of(new Slot.PortRange(31000, 31000), new Slot.PortRange(32000, 32001)));
        Plan plan = new Placement().place(List.of(
                demand("t1", 0.1, 10, 0, List.of("http", "admin")),
                demand("t2", 0.1, 10, 0, List.of("http")),
                demand("t3", 0.1, 10, 0, List.of("http"))), List.of(slot), new JobSpread());

        assertThat(plan.assignments()).extracting(Assignment::ports).containsExactly(
                Map.of("http", 31000, "admin", 32000), Map.of("http", 32001));
        assertThat(plan.vetoes()).containsOnlyKeys("t3");
        assertThat(plan.vetoes().get("t3")).isEqualTo(Map.of(Veto.INSUFFICIENT_PORTS, 1));
    }

    @Test
    void resourcesAreConsumedAcrossTheRound() {
        Plan plan = new Placement().place(List.of(demand("t1", 0.6, 10, 0, List.of()), demand("t2", 0.6, 10, 0, List.of())),
                List.of(AGENT, new Slot("o2", "a2", "h2", Map.of(), 1, 512, 0, List.of())), new JobSpread());
        assertThat(plan.assignments()).extracting(Assignment::offerId).containsExactly("o1", "o2");
    }

    @Test
    void limitConstraintCountsExistingAndNewlyPlacedTasks() {
        JobSpread spread = new JobSpread();
        spread.add("web/prod/hello", "h1", Map.of());
        List<Slot> slots = List.of(AGENT, new Slot("o2", "a2", "h2", Map.of(), 4, 4096, 4096, List.of()),
                new Slot("o3", "a3", "h3", Map.of(), 4, 4096, 4096, List.of()));
        Constraint onePerHost = limit("host", 1);
        Plan plan = new Placement().place(List.of(
                new Demand("t1", "web/prod/hello", 0.1, 10, 0, List.of(), List.of(onePerHost)),
                new Demand("t2", "web/prod/hello", 0.1, 10, 0, List.of(), List.of(onePerHost)),
                new Demand("t3", "web/prod/hello", 0.1, 10, 0, List.of(), List.of(onePerHost))), slots, spread);

        assertThat(plan.assignments()).extracting(Assignment::hostname).containsExactly("h2", "h3");
        assertThat(plan.vetoes().get("t3")).isEqualTo(Map.of(Veto.LIMIT_REACHED, 3));
        assertThat(Veto.LIMIT_REACHED.transientReason()).isTrue();
        assertThat(Veto.CONSTRAINT_MISMATCH.transientReason()).isFalse();
    }

    @Test
    void otherJobsDoNotCountAgainstALimit() {
        JobSpread spread = new JobSpread();
        spread.add("web/prod/other", "h1", Map.of());
        Optional<Veto> veto = new LimitConstraintCheck().check(
                new Demand("t1", "web/prod/hello", 0.1, 1, 0, List.of(), List.of(limit("host", 1))), AGENT, spread);
        assertThat(veto).isEmpty();
    }

    private static Demand demand(double cpus, double mem, double disk, List<String> ports, List<Constraint> constraints) {
        return new Demand("t", "web/prod/hello", cpus, mem, disk, ports, constraints);
    }

    private static Demand demand(String id, double cpus, double mem, double disk, List<String> ports) {
        return new Demand(id, "web/prod/hello", cpus, mem, disk, ports, List.of());
    }

    private static Constraint value(String attribute, String... values) {
        return new Constraint(attribute, List.of(values), null);
    }

    private static Constraint limit(String attribute, int limit) {
        return new Constraint(attribute, null, limit);
    }
}
