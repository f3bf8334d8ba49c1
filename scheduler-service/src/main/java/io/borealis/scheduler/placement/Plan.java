package io.borealis.scheduler.placement;

import java.util.List;
import java.util.Map;

/** The outcome of one placement round: the assignments, and for every task left unplaced the vetoes by reason. */
public record Plan(List<Assignment> assignments, Map<String, Map<Veto, Integer>> vetoes) {
}
