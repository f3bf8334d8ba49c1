/**
 * Placement: which pending task goes on which offer. A pure core (no Spring, JPA or Mesos types):
 * feasibility checks veto an agent with a typed reason (static or dynamic), scorers rank the feasible
 * ones (bin-packing, zone spreading), and tasks of one (job, config version) are evaluated together.
 * Vetoes are counted per task so the API can say why a task is still pending. {@code Preemptor}
 * chooses victims on one agent for a production task that nothing fits.
 */
package io.borealis.scheduler.placement;
