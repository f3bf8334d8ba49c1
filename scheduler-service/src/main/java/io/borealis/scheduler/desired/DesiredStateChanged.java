package io.borealis.scheduler.desired;

import io.borealis.api.job.DesiredState;

/** Published when a successful read differs from the previous one. */
public record DesiredStateChanged(DesiredState state) {
}
