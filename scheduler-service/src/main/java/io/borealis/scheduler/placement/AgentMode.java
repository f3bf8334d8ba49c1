package io.borealis.scheduler.placement;

/** An agent's maintenance mode: ACTIVE takes tasks; DRAINING (its tasks are being moved) and DRAINED take none. */
public enum AgentMode {
    ACTIVE, DRAINING, DRAINED
}
