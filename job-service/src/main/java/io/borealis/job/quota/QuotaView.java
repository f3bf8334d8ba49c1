package io.borealis.job.quota;

/**
 * A role's production quota and what its production jobs hold now. {@code quota} is null when the
 * role has none set: it is then unlimited.
 */
public record QuotaView(String role, ResourceAmounts quota, ResourceAmounts consumption) {
}
