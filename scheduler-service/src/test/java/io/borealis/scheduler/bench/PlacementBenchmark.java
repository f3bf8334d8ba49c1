package io.borealis.scheduler.bench;

import io.borealis.scheduler.placement.JobSpread;
import io.borealis.scheduler.placement.Placement;
import io.borealis.scheduler.placement.Plan;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure placement core on the issue-4 workload: one round placing every pending task on the
 * agents' offers, on one thread. {@code grouped}: tasks of one (job, config) evaluated as an
 * equivalence class; {@code alone}: every task its own class (the baseline). Scores are seconds per
 * round; placements/s = tasks ÷ score. Run: see docs/benchmarks.md, "Placement core (JMH)".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class PlacementBenchmark {

    @Param({"10000"})
    int agents;
    @Param({"1000"})
    int jobs;
    @Param({"100"})
    int instances;

    private PlacementWorkload workload;
    private final Placement placement = new Placement();

    @Setup
    public void setUp() {
        workload = PlacementWorkload.generate(agents, jobs, instances, 42);
    }

    @Benchmark
    public Plan grouped() {
        return placement.place(workload.grouped(), workload.slots(), new JobSpread());
    }

    @Benchmark
    public Plan alone() {
        return placement.place(workload.alone(), workload.slots(), new JobSpread());
    }
}
