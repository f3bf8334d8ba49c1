package io.borealis.scheduler.maintenance;

/** A host and its maintenance mode (ACTIVE, DRAINING or DRAINED). */
record HostModeView(String host, String mode) {
}
