package io.borealis.update.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style: random jobs, strategies, batch sizes, failure domains and finishing orders from a
 * seeded Random (the seed is printed on failure, rerun with it to reproduce).
 */
class BatchPlannerTest {

    private static final long BASE_SEED = Long.getLong("planner.seed", System.nanoTime());

    private long seed;

    @RegisterExtension
    TestWatcher printSeed = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.err.println("BatchPlannerTest failed with seed " + seed + " (-Dplanner.seed=" + BASE_SEED + ")");
        }
    };

    static IntStream runs() {
        return IntStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("runs")
    void everyInstanceStartsExactlyOnceAndBatchesKeepTheirBounds(int run) {
        seed = BASE_SEED + run;
        Random random = new Random(seed);
        int n = random.nextInt(40);
        Strategy strategy = Strategy.values()[random.nextInt(3)];
        int batchSize = 1 + random.nextInt(6);
        List<Integer> sizes = IntStream.range(0, 1 + random.nextInt(3)).mapToObj(i -> 1 + random.nextInt(5)).toList();
        boolean domains = random.nextBoolean();
        Map<Integer, String> domainOf = new HashMap<>();
        if (domains) {
            for (int i = 0; i < n; i++) {
                int d = random.nextInt(4);
                if (d > 0) {
                    domainOf.put(i, "zone-" + d);
                }
            }
        }
        BatchPlanner planner = new BatchPlanner(strategy, batchSize, sizes, domains);
        Map<Integer, Slot> slots = new java.util.LinkedHashMap<>();
        for (int i : InstanceOrder.of(IntStream.range(0, n).boxed().toList(), domainOf)) {
            slots.put(i, new Slot(i, domainOf.get(i), Step.PENDING, 0));
        }
        Set<Integer> started = new HashSet<>();
        int batches = 0;
        for (int round = 0; round < 10 * n + 10; round++) {
            Plan plan = planner.next(List.copyOf(slots.values()), batches);
            if (!plan.start().isEmpty()) {
                batches++;
                int batch = batches;
                assertThat(plan.start()).allSatisfy(i -> assertThat(slots.get(i).step()).isEqualTo(Step.PENDING));
                assertThat(plan.start()).allSatisfy(i -> assertThat(started.add(i)).as("started twice").isTrue());
                plan.start().forEach(i -> slots.put(i, new Slot(i, slots.get(i).domain(), Step.IN_FLIGHT, batch)));
            }
            List<Slot> inFlight = slots.values().stream().filter(s -> s.step() == Step.IN_FLIGHT).toList();
            assertThat(inFlight.size()).as("in flight").isLessThanOrEqualTo(planner.sizeOf(Math.max(1, batches)));
            assertThat(inFlight.stream().map(Slot::domain).distinct().count()).as("domains in flight")
                    .isLessThanOrEqualTo(1);
            if (domains && batches == 1 && !inFlight.isEmpty()) {
                assertThat(inFlight).allSatisfy(s -> assertThat(s.batch()).isEqualTo(1));
            }
            if (started.size() == n && inFlight.isEmpty()) {
                break;
            }
            for (Slot s : inFlight) {
                if (random.nextInt(3) == 0) {
                    slots.put(s.instance(), new Slot(s.instance(), s.domain(),
                            random.nextInt(5) == 0 ? Step.FAILED : Step.SUCCEEDED, s.batch()));
                }
            }
        }
        assertThat(started).containsExactlyInAnyOrderElementsOf(IntStream.range(0, n).boxed().toList());
        assertThat(slots.values()).allSatisfy(s -> assertThat(s.step().isFinished()).isTrue());
    }

    @Test
    void domainsGoInNameOrderUnknownLastAndTheCanaryRunsAlone() {
        Map<Integer, String> domains = Map.of(0, "b", 1, "a", 2, "b", 3, "a", 5, "a");
        List<Integer> order = InstanceOrder.of(List.of(0, 1, 2, 3, 4, 5), domains);
        assertThat(order).containsExactly(1, 3, 5, 0, 2, 4);

        BatchPlanner planner = new BatchPlanner(Strategy.QUEUE, 2, List.of(), true);
        List<Slot> slots = new ArrayList<>();
        order.forEach(i -> slots.add(new Slot(i, domains.get(i), Step.PENDING, 0)));
        assertThat(planner.next(slots, 0).start()).containsExactly(1, 3);

        slots.set(0, new Slot(1, "a", Step.SUCCEEDED, 1));
        slots.set(1, new Slot(3, "a", Step.IN_FLIGHT, 1));
        Plan canary = planner.next(slots, 1);
        assertThat(canary.start()).isEmpty();
        assertThat(canary.waitingFor()).contains("canary");

        slots.set(1, new Slot(3, "a", Step.SUCCEEDED, 1));
        assertThat(planner.next(slots, 1).start()).containsExactly(5);
        slots.set(2, new Slot(5, "a", Step.IN_FLIGHT, 2));
        Plan zone = planner.next(slots, 2);
        assertThat(zone.start()).isEmpty();
        assertThat(zone.waitingFor()).contains("failure domain 'a'");
    }

    @Test
    void variableBatchesFollowTheirSizesTheLastRepeating() {
        BatchPlanner planner = new BatchPlanner(Strategy.VARIABLE_BATCH, 1, List.of(1, 3), false);
        assertThat(IntStream.rangeClosed(1, 4).map(planner::sizeOf).boxed().toList()).containsExactly(1, 3, 3, 3);
    }
}
