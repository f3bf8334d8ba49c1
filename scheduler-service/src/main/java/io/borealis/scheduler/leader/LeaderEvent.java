package io.borealis.scheduler.leader;

/** Published (synchronously, on the election thread) when this instance starts or stops leading. */
public sealed interface LeaderEvent {

    /** We hold the lease with this epoch: subscribe and act. */
    record Elected(long epoch) implements LeaderEvent {
    }

    /** We no longer lead (lost, expired or released): stop acting at once. */
    record Deposed(long epoch, String why) implements LeaderEvent {
    }
}
