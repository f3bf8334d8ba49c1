package io.borealis.scheduler.bench;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import io.borealis.api.job.JobView;
import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.task.TaskStatus;
import io.borealis.scheduler.task.InstancePlanner;
import io.borealis.scheduler.task.InstancePlanner.TaskFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The convergence loop's full round as the planner sees it, in the steady state after a failover:
 * {@code jobs} × {@code instances} desired instances, each with one RUNNING task of its desired config
 * (so the plan is empty and all of the cost is the comparison). {@code wholeCluster}: one call with
 * every job; {@code jobByJob}: one call per job, as the convergence loop makes it. Scores are
 * milliseconds per round. Run: see docs/benchmarks.md, "Convergence round (JMH)".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class PlannerBenchmark {

    @Param({"1000"})
    int jobs;
    @Param({"100"})
    int instances;

    private final InstancePlanner planner = new InstancePlanner();
    private final List<JobView> views = new ArrayList<>();
    private final List<List<TaskFacts>> tasksByJob = new ArrayList<>();
    private final List<TaskFacts> allTasks = new ArrayList<>();

    @Setup
    public void setUp() {
        TaskConfig config = new TaskConfig("sleep 600", Map.of(), new Resources(0.25, 256, 0, List.of()), null,
                List.of(), null, 0, false, null, 1);
        for (int j = 0; j < jobs; j++) {
            JobKey key = new JobKey("role" + (j % 20), "prod", "job" + j);
            String version = "v" + j;
            Map<Integer, String> desired = new HashMap<>();
            List<TaskFacts> tasks = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                desired.put(i, version);
                tasks.add(new TaskFacts(key.role() + "-prod-job" + j + "-" + i + "-0a1b2c3d", key, i, version,
                        TaskStatus.RUNNING, 0));
            }
            views.add(new JobView(key, JobKind.SERVICE, instances, null, Map.of(version, config), desired, null, null));
            tasksByJob.add(tasks);
            allTasks.addAll(tasks);
        }
    }

    @Benchmark
    public List<InstancePlanner.Action> wholeCluster() {
        return planner.plan(views, allTasks, allTasks);
    }

    @Benchmark
    public List<InstancePlanner.Action> jobByJob() {
        List<InstancePlanner.Action> actions = new ArrayList<>();
        for (int j = 0; j < views.size(); j++) {
            List<TaskFacts> tasks = tasksByJob.get(j);
            actions.addAll(planner.plan(List.of(views.get(j)), tasks, tasks));
        }
        return actions;
    }
}
