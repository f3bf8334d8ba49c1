package io.borealis.api.job;

import java.util.List;

/** Resources of one task; {@code ports} are names, each given a port from the offer's ranges. */
public record Resources(Double cpus, Integer ramMb, Integer diskMb, List<String> ports) {
}
