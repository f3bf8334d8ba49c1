/**
 * Placement: which pending task goes on which offer. A pure core (no Spring, JPA or Mesos types):
 * feasibility checks veto an offer for a task with a typed reason, selection is first-fit, and the
 * vetoes are counted per task so the API can say why a task is still pending.
 */
package io.borealis.scheduler.placement;
