package io.borealis.job.quota;

import java.math.BigDecimal;

/** Body of {@code PUT /quotas/{role}}: the new quota, every field required and ≥ 0. */
record QuotaRequest(BigDecimal cpus, Long ramMb, Long diskMb) {
}
