package io.borealis.scheduler.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.Constraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementTest {

    private static final String JOB = "web/prod/hello";
    private static final Slot AGENT = new Slot("o1", "a1", "h1", Map.of("zone", "a", "rack", "r1"), 1.0, 512, 1024,
            List.of(new Slot.PortRange(31000, 31001)));

    /** The whole pipeline, one task on one agent: which veto (null: placed). */
    static List<Arguments> pipeline() {
        return List.of(
                Arguments.of("fits", demand(0.5, 256, 10, List.of("http"), List.of()), AGENT, null),
                Arguments.of("too many cpus", demand(2, 256, 10, List.of(), List.of()), AGENT, Veto.INSUFFICIENT_CPUS),
                Arguments.of("too much mem", demand(0.5, 1024, 10, List.of(), List.of()), AGENT, Veto.INSUFFICIENT_MEM),
                Arguments.of("too much disk", demand(0.5, 256, 2048, List.of(), List.of()), AGENT, Veto.INSUFFICIENT_DISK),
                Arguments.of("too many ports", demand(0.5, 256, 10, List.of("a", "b", "c"), List.of()), AGENT, Veto.INSUFFICIENT_PORTS),
                Arguments.of("constraint checked before resources", demand(4, 256, 10, List.of(), List.of(value("zone", "z"))),
                        AGENT, Veto.CONSTRAINT_MISMATCH),
                Arguments.of("maintenance before everything", demand(4, 256, 10, List.of(), List.of(value("zone", "z"))),
                        mode(AGENT, AgentMode.DRAINING), Veto.MAINTENANCE),
                Arguments.of("dedicated before constraints", demand(0.5, 256, 10, List.of(), List.of(value("zone", "z"))),
                        attrs(AGENT, Map.of("dedicated", "db/mysql")), Veto.DEDICATED_TO_OTHER_JOB));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipeline")
    void singleTaskOnSingleOffer(String name, Demand demand, Slot slot, Veto expected) {
        Plan plan = new Placement().place(List.of(demand), List.of(slot), new JobSpread());
        if (expected == null) {
            assertThat(plan.assignments()).hasSize(1);
            assertThat(plan.vetoes()).isEmpty();
        } else {
            assertThat(plan.assignments()).isEmpty();
            assertThat(plan.vetoes().get(demand.taskId())).isEqualTo(Map.of(expected, 1));
        }
    }

    /** Each check alone: check, demand, agent, expected veto (null: no objection). */
    static List<Arguments> checks() {
        JobSpread oneOnH1 = new JobSpread();
        oneOnH1.add(JOB, "h1", Map.of("zone", "a"));
        oneOnH1.add(JOB, "h9", Map.of("zone", "a"));
        JobSpread otherJob = new JobSpread();
        otherJob.add("web/prod/other", "h1", Map.of("zone", "a"));
        Demand plain = demand(0.1, 1, 0, List.of(), List.of());
        return List.of(
                Arguments.of(new MaintenanceCheck(), plain, AGENT, new JobSpread(), null),
                Arguments.of(new MaintenanceCheck(), plain, mode(AGENT, AgentMode.DRAINING), new JobSpread(), Veto.MAINTENANCE),
                Arguments.of(new MaintenanceCheck(), plain, mode(AGENT, AgentMode.DRAINED), new JobSpread(), Veto.MAINTENANCE),
                Arguments.of(new DedicatedCheck(), plain, AGENT, new JobSpread(), null),
                Arguments.of(new DedicatedCheck(), plain, attrs(AGENT, Map.of("dedicated", "web/hello")), new JobSpread(), null),
                Arguments.of(new DedicatedCheck(), plain, attrs(AGENT, Map.of("dedicated", "db/mysql")), new JobSpread(),
                        Veto.DEDICATED_TO_OTHER_JOB),
                Arguments.of(new DedicatedCheck(), demand(0.1, 1, 0, List.of(), List.of(value("dedicated", "web/hello"))),
                        AGENT, new JobSpread(), Veto.NOT_DEDICATED),
                Arguments.of(new DedicatedCheck(), demand(0.1, 1, 0, List.of(), List.of(value("dedicated", "web/hello"))),
                        attrs(AGENT, Map.of("dedicated", "web/hello")), new JobSpread(), null),
                Arguments.of(new ValueConstraintCheck(), demand(0.1, 1, 0, List.of(), List.of(value("zone", "a", "b"))), AGENT,
                        new JobSpread(), null),
                Arguments.of(new ValueConstraintCheck(), demand(0.1, 1, 0, List.of(), List.of(value("zone", "b"))), AGENT,
                        new JobSpread(), Veto.CONSTRAINT_MISMATCH),
                Arguments.of(new ValueConstraintCheck(), demand(0.1, 1, 0, List.of(), List.of(value("zone", "!a"))), AGENT,
                        new JobSpread(), Veto.CONSTRAINT_MISMATCH),
                Arguments.of(new ValueConstraintCheck(), demand(0.1, 1, 0, List.of(), List.of(value("zone", "!b"))), AGENT,
                        new JobSpread(), null),
                Arguments.of(new ValueConstraintCheck(), demand(0.1, 1, 0, List.of(), List.of(value("gpu", "yes"))), AGENT,
                        new JobSpread(), Veto.CONSTRAINT_MISMATCH),
                Arguments.of(new ValueConstraintCheck(), demand(0.1, 1, 0, List.of(), List.of(value("host", "h1"))), AGENT,
                        new JobSpread(), null),
                Arguments.of(new ValueConstraintCheck(), demand(0.1, 1, 0, List.of(), List.of(value("dedicated", "x/y"))), AGENT,
                        new JobSpread(), null),
                Arguments.of(new ResourceCheck(), demand(1.0, 512, 1024, List.of("a", "b"), List.of()), AGENT, new JobSpread(), null),
                Arguments.of(new ResourceCheck(), demand(1.1, 1, 0, List.of(), List.of()), AGENT, new JobSpread(), Veto.INSUFFICIENT_CPUS),
                Arguments.of(new ResourceCheck(), demand(0.1, 513, 0, List.of(), List.of()), AGENT, new JobSpread(), Veto.INSUFFICIENT_MEM),
                Arguments.of(new ResourceCheck(), demand(0.1, 1, 1025, List.of(), List.of()), AGENT, new JobSpread(), Veto.INSUFFICIENT_DISK),
                Arguments.of(new ResourceCheck(), demand(0.1, 1, 0, List.of("a", "b", "c"), List.of()), AGENT, new JobSpread(),
                        Veto.INSUFFICIENT_PORTS),
                Arguments.of(new LimitConstraintCheck(), demand(0.1, 1, 0, List.of(), List.of(limit("host", 1))), AGENT,
                        new JobSpread(), null),
                Arguments.of(new LimitConstraintCheck(), demand(0.1, 1, 0, List.of(), List.of(limit("host", 1))), AGENT,
                        oneOnH1, Veto.LIMIT_REACHED),
                Arguments.of(new LimitConstraintCheck(), demand(0.1, 1, 0, List.of(), List.of(limit("zone", 3))), AGENT,
                        oneOnH1, null),
                Arguments.of(new LimitConstraintCheck(), demand(0.1, 1, 0, List.of(), List.of(limit("zone", 2))), AGENT,
                        oneOnH1, Veto.LIMIT_REACHED),
                Arguments.of(new LimitConstraintCheck(), demand(0.1, 1, 0, List.of(), List.of(limit("host", 1))), AGENT,
                        otherJob, null),
                Arguments.of(new LimitConstraintCheck(), demand(0.1, 1, 0, List.of(), List.of(limit("gpu", 1))), AGENT,
                        new JobSpread(), Veto.CONSTRAINT_MISMATCH));
    }

    @ParameterizedTest(name = "{index}: {0} → {4}")
    @MethodSource("checks")
    void eachCheck(FeasibilityCheck check, Demand demand, Slot slot, JobSpread spread, Veto expected) {
        assertThat(check.check(demand, slot, spread)).isEqualTo(expected);
    }

    @Test
    void vetoTypes() {
        assertThat(Veto.CONSTRAINT_MISMATCH.type()).isEqualTo(Veto.Type.STATIC);
        assertThat(Veto.DEDICATED_TO_OTHER_JOB.transientReason()).isFalse();
        assertThat(Veto.LIMIT_REACHED.transientReason()).isTrue();
        assertThat(Veto.INSUFFICIENT_MEM.type()).isEqualTo(Veto.Type.DYNAMIC);
        assertThat(Veto.MAINTENANCE.type()).isEqualTo(Veto.Type.DYNAMIC);
    }

    @Test
    void binPackingPrefersTheFullestAgentThatFits() {
        Slot roomy = new Slot("o1", "a1", "h1", Map.of(), 8, 8192, 1024, List.of());
        Slot snug = new Slot("o2", "a2", "h2", Map.of(), 1, 1024, 1024, List.of());
        Slot tooSmall = new Slot("o3", "a3", "h3", Map.of(), 0.5, 1024, 1024, List.of());
        Plan plan = new Placement().place(List.of(demand("t1", 1, 512, 0, List.of())), List.of(roomy, tooSmall, snug),
                new JobSpread());
        assertThat(plan.assignments()).extracting(Assignment::offerId).containsExactly("o2");
    }

    @Test
    void instancesOfAJobSpreadAcrossZonesBeforePacking() {
        List<Slot> slots = List.of(
                new Slot("o1", "a1", "h1", Map.of("zone", "a"), 2, 2048, 100, List.of()),
                new Slot("o2", "a2", "h2", Map.of("zone", "a"), 2, 2048, 100, List.of()),
                new Slot("o3", "a3", "h3", Map.of("zone", "b"), 8, 8192, 100, List.of()),
                new Slot("o4", "a4", "h4", Map.of("zone", "c"), 8, 8192, 100, List.of()));
        List<Demand> demands = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            demands.add(new Demand("t" + i, JOB, "v1", 0.5, 128, 0, List.of(), List.of()));
        }
        Plan plan = new Placement().place(demands, slots, new JobSpread());
        assertThat(plan.assignments()).extracting(a -> a.attributes().get("zone")).containsExactlyInAnyOrder("a", "b", "c");
        // within zone a, packing chose the first of two equal agents; a fourth task goes to the fullest zone-a agent
        JobSpread spread = new JobSpread();
        spread.add(JOB, "h3", Map.of("zone", "b"));
        spread.add(JOB, "h4", Map.of("zone", "c"));
        Plan packed = new Placement().place(List.of(new Demand("t9", JOB, "v1", 0.5, 128, 0, List.of(), List.of())),
                List.of(slots.get(0), new Slot("o2", "a2", "h2", Map.of("zone", "a"), 1, 1024, 100, List.of()),
                        slots.get(2), slots.get(3)), spread);
        assertThat(packed.assignments()).extracting(Assignment::offerId).containsExactly("o2");
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
        assertThat(plan.assignments()).extracting(Assignment::offerId).containsExactlyInAnyOrder("o1", "o2");
    }

    @Test
    void limitConstraintCountsExistingAndNewlyPlacedTasks() {
        JobSpread spread = new JobSpread();
        spread.add(JOB, "h1", Map.of());
        List<Slot> slots = List.of(AGENT, new Slot("o2", "a2", "h2", Map.of(), 4, 4096, 4096, List.of()),
                new Slot("o3", "a3", "h3", Map.of(), 4, 4096, 4096, List.of()));
        Constraint onePerHost = limit("host", 1);
        Plan plan = new Placement().place(List.of(
                new Demand("t1", JOB, "v1", 0.1, 10, 0, List.of(), List.of(onePerHost)),
                new Demand("t2", JOB, "v1", 0.1, 10, 0, List.of(), List.of(onePerHost)),
                new Demand("t3", JOB, "v1", 0.1, 10, 0, List.of(), List.of(onePerHost))), slots, spread);

        assertThat(plan.assignments()).extracting(Assignment::hostname).containsExactlyInAnyOrder("h2", "h3");
        assertThat(plan.vetoes().get("t3")).isEqualTo(Map.of(Veto.LIMIT_REACHED, 3));
    }

    @Test
    void anEquivalenceClassSharesItsVetoesAndMatchesEvaluatingEachTaskAlone() {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slots.add(new Slot("o" + i, "a" + i, "h" + i, Map.of("zone", "z" + (i % 3)), 1, 1024, 100,
                    List.of(new Slot.PortRange(31000, 31003)), i % 7 == 0 ? AgentMode.DRAINED : AgentMode.ACTIVE));
        }
        List<Demand> grouped = new ArrayList<>();
        List<Demand> alone = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<Constraint> constraints = List.of(limit("zone", 5), value("zone", "!z2"));
            grouped.add(new Demand("t" + i, JOB, "v1", 0.4, 100, 10, List.of("http"), constraints));
            alone.add(new Demand("t" + i, JOB, 0.4, 100, 10, List.of("http"), constraints));
        }
        Plan together = new Placement().place(grouped, slots, new JobSpread());
        Plan separately = new Placement().place(alone, slots, new JobSpread());
        assertThat(together.assignments()).isEqualTo(separately.assignments());
        assertThat(together.vetoes()).isEqualTo(separately.vetoes());
        assertThat(together.assignments()).hasSize(10);
        assertThat(together.vetoes()).hasSize(30);
        Map<Veto, Integer> why = together.vetoes().get("t39");
        assertThat(why.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
        assertThat(why).containsKeys(Veto.MAINTENANCE, Veto.CONSTRAINT_MISMATCH, Veto.LIMIT_REACHED);
    }

    private static Slot mode(Slot slot, AgentMode mode) {
        return new Slot(slot.offerId(), slot.agentId(), slot.hostname(), slot.attributes(), slot.cpus(), slot.memMb(),
                slot.diskMb(), slot.ports(), mode);
    }

    private static Slot attrs(Slot slot, Map<String, String> attributes) {
        return new Slot(slot.offerId(), slot.agentId(), slot.hostname(), attributes, slot.cpus(), slot.memMb(),
                slot.diskMb(), slot.ports(), slot.mode());
    }

    private static Demand demand(double cpus, double mem, double disk, List<String> ports, List<Constraint> constraints) {
        return new Demand("t", JOB, cpus, mem, disk, ports, constraints);
    }

    private static Demand demand(String id, double cpus, double mem, double disk, List<String> ports) {
        return new Demand(id, JOB, cpus, mem, disk, ports, List.of());
    }

    private static Constraint value(String attribute, String... values) {
        return new Constraint(attribute, List.of(values), null);
    }

    private static Constraint limit(String attribute, int limit) {
        return new Constraint(attribute, null, limit);
    }
}
