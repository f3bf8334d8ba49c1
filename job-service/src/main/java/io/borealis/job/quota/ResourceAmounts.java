package io.borealis.job.quota;

import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import java.math.BigDecimal;

/**
 * An amount of the resources a quota limits. Cpus are decimal, so 0.1 + 0.2 is 0.3 and sums of
 * many small tasks never drift; ram and disk are whole MB.
 */
public record ResourceAmounts(BigDecimal cpus, long ramMb, long diskMb) {

    public static final ResourceAmounts ZERO = new ResourceAmounts(BigDecimal.ZERO, 0, 0);

    /** One task's resources (diskMb absent counts as 0). */
    public static ResourceAmounts of(Resources resources) {
        return new ResourceAmounts(BigDecimal.valueOf(resources.cpus()), resources.ramMb(),
                resources.diskMb() == null ? 0 : resources.diskMb());
    }

    /** What {@code instances} instances of {@code config} take from the production quota: nothing unless production. */
    public static ResourceAmounts production(TaskConfig config, long instances) {
        return Boolean.TRUE.equals(config.production()) ? of(config.resources()).times(instances) : ZERO;
    }

    public ResourceAmounts plus(ResourceAmounts other) {
        return new ResourceAmounts(cpus.add(other.cpus), ramMb + other.ramMb, diskMb + other.diskMb);
    }

    public ResourceAmounts times(long n) {
        return new ResourceAmounts(cpus.multiply(BigDecimal.valueOf(n)), ramMb * n, diskMb * n);
    }

    public boolean isZero() {
        return cpus.signum() == 0 && ramMb == 0 && diskMb == 0;
    }
}
