package io.borealis.scheduler.placement;

/**
 * One reason an agent may not take a task. Returns the veto, or null for no objection (null, not
 * Optional: this runs millions of times per round). A {@link Kind#STATIC} check looks only at the
 * task's config and the agent's fixed facts, so its answer is cached per equivalence class and agent
 * for the round; a {@link Kind#ROUND} check depends on what the round has placed so far.
 */
interface FeasibilityCheck {

    enum Kind { STATIC, ROUND }

    Kind kind();

    Veto check(Demand demand, Slot slot, JobSpread spread);
}
