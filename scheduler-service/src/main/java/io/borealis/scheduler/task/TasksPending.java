package io.borealis.scheduler.task;

/** Published (synchronously, under the state lock) when tasks became PENDING: place them on held offers now. */
public record TasksPending() {
}
