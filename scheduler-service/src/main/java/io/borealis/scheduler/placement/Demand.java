package io.borealis.scheduler.placement;

import io.borealis.api.job.Constraint;
import java.util.List;

/** A pending task's needs: resources, named ports and constraints; {@code job} is "role/env/name". */
public record Demand(
        String taskId,
        String job,
        double cpus,
        double memMb,
        double diskMb,
        List<String> portNames,
        List<Constraint> constraints) {
}
