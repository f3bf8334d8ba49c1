package io.borealis.scheduler.placement;

import io.borealis.api.job.Constraint;
import java.util.List;

/**
 * A pending task's needs: resources, named ports and constraints; {@code job} is "role/env/name".
 * Tasks with the same job and {@code configVersion} have the same needs: they form one equivalence
 * class and are evaluated together.
 */
public record Demand(
        String taskId,
        String job,
        String configVersion,
        double cpus,
        double memMb,
        double diskMb,
        List<String> portNames,
        List<Constraint> constraints) {

    /** A task in a class of its own (its id stands for the config version). */
    public Demand(String taskId, String job, double cpus, double memMb, double diskMb, List<String> portNames,
                  List<Constraint> constraints) {
        this(taskId, job, taskId, cpus, memMb, diskMb, portNames, constraints);
    }

    /** The equivalence class: job and config version. */
    String classKey() {
        return job + "@" + configVersion;
    }

    /** "role/name", the value of a {@code dedicated} agent attribute that takes this job. */
    String dedicatedName() {
        String[] parts = job.split("/", 3);
        return parts.length == 3 ? parts[0] + "/" + parts[2] : job;
    }
}
