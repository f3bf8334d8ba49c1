package io.borealis.scheduler.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.Constraint;
import io.borealis.scheduler.placement.Preemptor.Pending;
import io.borealis.scheduler.placement.Preemptor.Preemption;
import io.borealis.scheduler.placement.Preemptor.Running;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PreemptorTest {

    private static final String PROD = "web/prod/frontend";
    private static final String BATCH = "ml/devel/train";
    private static final Slot FULL_A1 = agent("a1", "h1", 0, 0, Map.of("zone", "a"));
    private static final Slot FULL_A2 = agent("a2", "h2", 0, 0, Map.of("zone", "b"));

    /** One pending production task (1 cpu, 512 MB, priority 10), the agents and their tasks → the victims (empty: none). */
    static List<Arguments> cases() {
        Pending wants1cpu = pending(1.0, 512, List.of());
        return List.of(
                Arguments.of("two half-cpu victims make it fit", wants1cpu, List.of(FULL_A1),
                        List.of(batch("b1", "a1", 0, 0.5), batch("b2", "a1", 0, 0.5)), List.of("b1", "b2")),
                Arguments.of("lowest priority first", wants1cpu, List.of(FULL_A1),
                        List.of(batch("b5", "a1", 5, 1.0), batch("b1", "a1", 1, 1.0), batch("b3", "a1", 3, 1.0)), List.of("b1")),
                Arguments.of("minimal: one big victim rather than the small ones", wants1cpu, List.of(FULL_A1, FULL_A2),
                        List.of(batch("s1", "a1", 0, 0.5), batch("s2", "a1", 0, 0.5), batch("big", "a2", 0, 1.0)), List.of("big")),
                Arguments.of("pruned: a low victim too small alone is dropped if a bigger one is needed anyway", wants1cpu,
                        List.of(FULL_A1), List.of(batch("tiny", "a1", 0, 0.25), batch("big", "a1", 1, 1.0)), List.of("big")),
                Arguments.of("never production tasks", wants1cpu, List.of(FULL_A1),
                        List.of(running("p", BATCH, "a1", "preemptible", 0, true, 2.0)), List.of()),
                Arguments.of("never preferred-tier tasks", wants1cpu, List.of(FULL_A1),
                        List.of(running("p", BATCH, "a1", "preferred", 0, false, 2.0)), List.of()),
                Arguments.of("revocable tasks are victims too", wants1cpu, List.of(FULL_A1),
                        List.of(running("r", BATCH, "a1", "revocable", 0, false, 2.0)), List.of("r")),
                Arguments.of("never the same job", wants1cpu, List.of(FULL_A1),
                        List.of(running("own", PROD, "a1", "preemptible", 0, false, 2.0)), List.of()),
                Arguments.of("never equal or higher priority", wants1cpu, List.of(FULL_A1),
                        List.of(batch("eq", "a1", 10, 2.0), batch("hi", "a1", 20, 2.0)), List.of()),
                Arguments.of("never across agents: half here and half there does not fit", wants1cpu, List.of(FULL_A1, FULL_A2),
                        List.of(batch("b1", "a1", 0, 0.5), batch("b2", "a2", 0, 0.5)), List.of()),
                Arguments.of("the agent's free resources count", wants1cpu, List.of(agent("a1", "h1", 0.5, 256, Map.of())),
                        List.of(batch("b1", "a1", 0, 0.5), batch("b2", "a1", 0, 0.5)), List.of("b1")),
                Arguments.of("no preemption when it would not make the task fit", pending(8.0, 512, List.of()),
                        List.of(FULL_A1), List.of(batch("b1", "a1", 0, 1.0), batch("b2", "a1", 0, 1.0)), List.of()),
                Arguments.of("no preemption when it fits already", wants1cpu,
                        List.of(FULL_A1, agent("a2", "h2", 2, 2048, Map.of())), List.of(batch("b1", "a1", 0, 2.0)), List.of()),
                Arguments.of("the task's value constraints hold", pending(1.0, 512, List.of(new Constraint("zone", List.of("b"), null))),
                        List.of(FULL_A1, FULL_A2), List.of(batch("inA", "a1", 0, 1.0), batch("inB", "a2", 3, 1.0)), List.of("inB")),
                Arguments.of("a draining host is not preempted for", wants1cpu,
                        List.of(new Slot("o", "a1", "h1", Map.of(), 0, 0, 1000, List.of(), AgentMode.DRAINING)),
                        List.of(batch("b1", "a1", 0, 2.0)), List.of()),
                Arguments.of("victims' ports are freed", pending(1.0, 512, List.of(), List.of("http")),
                        List.of(FULL_A1), List.of(batch("b1", "a1", 0, 1.0)), List.of("b1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choosesVictims(String name, Pending pending, List<Slot> agents, List<Running> running, List<String> expected) {
        Optional<Preemption> chosen = new Preemptor().choose(pending, Map.of(), agents, running, new JobSpread());
        if (expected.isEmpty()) {
            assertThat(chosen).isEmpty();
        } else {
            assertThat(chosen).isPresent();
            assertThat(chosen.get().victims()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(chosen.get().taskId()).isEqualTo("pending");
        }
    }

    @Test
    void onlyProductionTasksOfThePreferredTierPreempt() {
        List<Running> running = List.of(batch("b1", "a1", 0, 2.0));
        Demand demand = demand(1.0, 512, List.of(), List.of());
        Preemptor preemptor = new Preemptor();
        assertThat(preemptor.choose(new Pending(demand, "preferred", 10, false), Map.of(), List.of(FULL_A1), running,
                new JobSpread())).isEmpty();
        assertThat(preemptor.choose(new Pending(demand, "preemptible", 10, true), Map.of(), List.of(FULL_A1), running,
                new JobSpread())).isEmpty();
        assertThat(preemptor.choose(new Pending(demand, "preferred", 10, true), Map.of(), List.of(FULL_A1), running,
                new JobSpread())).isPresent();
    }

    @Test
    void vetoesThatNoKillCanClearMeanNoPreemption() {
        List<Running> running = List.of(batch("b1", "a1", 0, 2.0));
        Pending pending = pending(1.0, 512, List.of());
        Preemptor preemptor = new Preemptor();
        assertThat(preemptor.choose(pending, Map.of(Veto.CONSTRAINT_MISMATCH, 3), List.of(FULL_A1), running,
                new JobSpread())).isEmpty();
        assertThat(preemptor.choose(pending, Map.of(Veto.CONSTRAINT_MISMATCH, 2, Veto.INSUFFICIENT_CPUS, 1),
                List.of(FULL_A1), running, new JobSpread())).isPresent();
    }

    @Test
    void aHostLimitIsRespected() {
        JobSpread spread = new JobSpread();
        spread.add(PROD, "h1", Map.of());
        Pending pending = pending(1.0, 512, List.of(new Constraint("host", null, 1)));
        Optional<Preemption> chosen = new Preemptor().choose(pending, Map.of(), List.of(FULL_A1, FULL_A2),
                List.of(batch("onH1", "a1", 0, 2.0), batch("onH2", "a2", 5, 2.0)), spread);
        assertThat(chosen).map(Preemption::victims).contains(List.of("onH2"));
    }

    /** Seeded random clusters: whatever is chosen is legal, on one agent, makes the task fit and is minimal. */
    @Test
    void randomClustersGiveLegalMinimalChoices() {
        Random random = new Random(42);
        List<String> tierList = List.of("preemptible", "revocable", "preferred");
        Preemptor preemptor = new Preemptor();
        for (int round = 0; round < 500; round++) {
            List<Slot> agents = new ArrayList<>();
            List<Running> running = new ArrayList<>();
            for (int a = 0; a < 1 + random.nextInt(4); a++) {
                agents.add(agent("a" + a, "h" + a, random.nextInt(3) * 0.25, random.nextInt(4) * 128, Map.of()));
                for (int t = 0; t < random.nextInt(5); t++) {
                    running.add(new Running("t" + a + "-" + t, random.nextBoolean() ? BATCH : PROD, "a" + a,
                            tierList.get(random.nextInt(3)), random.nextInt(15), random.nextInt(4) == 0,
                            0.25 * (1 + random.nextInt(4)), 128.0 * (1 + random.nextInt(4)), 10, List.of()));
                }
            }
            Pending pending = pending(0.25 * (1 + random.nextInt(8)), 128.0 * (1 + random.nextInt(8)), List.of());
            Optional<Preemption> chosen = preemptor.choose(pending, Map.of(), agents, running, new JobSpread());
            if (chosen.isEmpty()) {
                continue;
            }
            Slot agent = agents.stream().filter(s -> s.agentId().equals(chosen.get().agentId())).findFirst().orElseThrow();
            List<Running> victims = running.stream().filter(r -> chosen.get().victims().contains(r.taskId())).toList();
            assertThat(victims).hasSize(chosen.get().victims().size()).allSatisfy(v -> {
                assertThat(v.agentId()).isEqualTo(agent.agentId());
                assertThat(v.production()).isFalse();
                assertThat(v.tier()).isIn("preemptible", "revocable");
                assertThat(v.priority()).isLessThan(pending.priority());
                assertThat(v.job()).isNotEqualTo(PROD);
            });
            assertThat(fits(pending, agent, victims)).isTrue();
            for (Running spared : victims) {
                List<Running> fewer = victims.stream().filter(v -> v != spared).toList();
                assertThat(fits(pending, agent, fewer)).as("round %d: %s not needed", round, spared.taskId()).isFalse();
            }
        }
    }

    private static boolean fits(Pending pending, Slot agent, List<Running> victims) {
        double cpus = agent.cpus() + victims.stream().mapToDouble(Running::cpus).sum();
        double mem = agent.memMb() + victims.stream().mapToDouble(Running::memMb).sum();
        return cpus + 1e-9 >= pending.demand().cpus() && mem + 1e-9 >= pending.demand().memMb();
    }

    private static Pending pending(double cpus, double memMb, List<Constraint> constraints) {
        return pending(cpus, memMb, constraints, List.of());
    }

    private static Pending pending(double cpus, double memMb, List<Constraint> constraints, List<String> ports) {
        return new Pending(demand(cpus, memMb, constraints, ports), "preferred", 10, true);
    }

    private static Demand demand(double cpus, double memMb, List<Constraint> constraints, List<String> ports) {
        return new Demand("pending", PROD, cpus, memMb, 10, ports, constraints);
    }

    private static Running batch(String taskId, String agentId, int priority, double cpus) {
        return new Running(taskId, BATCH, agentId, "preemptible", priority, false, cpus, 512.0 * cpus, 10, List.of(31000));
    }

    private static Running running(String taskId, String job, String agentId, String tier, int priority,
                                   boolean production, double cpus) {
        return new Running(taskId, job, agentId, tier, priority, production, cpus, 512.0 * cpus, 10, List.of());
    }

    private static Slot agent(String agentId, String hostname, double cpus, double memMb, Map<String, String> attributes) {
        return new Slot("offer-" + agentId, agentId, hostname, attributes, cpus, memMb, 1000, List.of());
    }
}
