package io.borealis.scheduler.placement;

import java.util.Optional;

/** One reason an offer may not take a task; empty means this check has no objection. */
interface FeasibilityCheck {

    Optional<Veto> check(Demand demand, Slot slot, JobSpread spread);
}
