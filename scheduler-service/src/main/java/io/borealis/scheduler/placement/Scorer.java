package io.borealis.scheduler.placement;

/** How good a feasible agent is for a task: higher is better; the scores of all scorers are added. */
interface Scorer {

    double score(Demand demand, Slot slot, JobSpread spread);
}
