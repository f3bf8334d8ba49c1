/**
 * Borealis scheduler-service: the Mesos framework owning actual state (tasks). Features: {@code mesos}
 * (the protocol), {@code desired} (job-service's desired state), {@code task} (lifecycle, storage,
 * convergence), {@code offer} + {@code placement} (launching), {@code reconciliation}.
 */
package io.borealis.scheduler;
