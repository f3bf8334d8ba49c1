package io.borealis.job.quota;

import java.math.BigDecimal;

/**
 * One resource a request would take over the quota: it needs {@code requested} on top of
 * {@code inUse}, the quota is {@code quota}, so it is {@code over} by inUse + requested - quota.
 */
public record Excess(String resource, BigDecimal requested, BigDecimal quota, BigDecimal inUse, BigDecimal over) {

    /** "ramMb: needs 1536, quota 1024, in use 768 — over by 1280". */
    public String message() {
        return "needs " + plain(requested) + ", quota " + plain(quota) + ", in use " + plain(inUse)
                + " — over by " + plain(over);
    }

    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
