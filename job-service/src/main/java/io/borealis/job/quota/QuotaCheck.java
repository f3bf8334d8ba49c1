package io.borealis.job.quota;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Does a request fit a quota? Per resource: what is in use plus what is requested must stay within
 * the quota. A resource the request does not ask for (0) never refuses it, so a role already over
 * its quota on disk (the quota was lowered) can still grow a job that uses no disk.
 */
public final class QuotaCheck {

    private QuotaCheck() {
    }

    /** Every resource over the quota, in the order cpus, ramMb, diskMb; empty means it fits. */
    public static List<Excess> excesses(ResourceAmounts quota, ResourceAmounts inUse, ResourceAmounts requested) {
        List<Excess> excesses = new ArrayList<>();
        check("cpus", quota.cpus(), inUse.cpus(), requested.cpus(), excesses);
        check("ramMb", BigDecimal.valueOf(quota.ramMb()), BigDecimal.valueOf(inUse.ramMb()),
                BigDecimal.valueOf(requested.ramMb()), excesses);
        check("diskMb", BigDecimal.valueOf(quota.diskMb()), BigDecimal.valueOf(inUse.diskMb()),
                BigDecimal.valueOf(requested.diskMb()), excesses);
        return excesses;
    }

    private static void check(String resource, BigDecimal quota, BigDecimal inUse, BigDecimal requested,
            List<Excess> excesses) {
        if (requested.signum() <= 0) {
            return;
        }
        BigDecimal over = inUse.add(requested).subtract(quota);
        if (over.signum() > 0) {
            excesses.add(new Excess(resource, requested, quota, inUse, over));
        }
    }
}
