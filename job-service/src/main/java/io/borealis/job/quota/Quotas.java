package io.borealis.job.quota;

import io.borealis.api.job.JobKey;
import io.borealis.job.http.ApiException;
import io.borealis.job.http.ProblemType;
import io.borealis.job.spec.FieldFault;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Production quotas: read and set them, and admit requests against them. A role without a quota
 * row is unlimited; once a quota is set it is enforced for production configs only.
 */
@Service
public class Quotas {

    private final RoleQuotas quotas;
    private final RoleUsage usage;
    private final Clock clock;

    Quotas(RoleQuotas quotas, RoleUsage usage, Clock clock) {
        this.quotas = quotas;
        this.usage = usage;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public QuotaView view(String role) {
        return new QuotaView(role, quotas.find(role).orElse(null), usage.of(role));
    }

    @Transactional
    public QuotaView set(String role, ResourceAmounts quota) {
        quotas.put(role, quota, clock.instant());
        return view(role);
    }

    @Transactional
    public void remove(String role) {
        quotas.delete(role);
    }

    /**
     * Admits {@code requested} more for the job's role, inside the caller's transaction (which then
     * stores it): the quota row stays locked until that commit, so concurrent admissions of one role
     * see each other's instances.
     *
     * @throws ApiException quota-exceeded naming each resource over the quota
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void admit(JobKey job, ResourceAmounts requested) {
        if (requested.isZero()) {
            return;
        }
        quotas.lock(job.role()).ifPresent(quota -> {
            List<Excess> excesses = QuotaCheck.excesses(quota, usage.of(job.role()), requested);
            if (!excesses.isEmpty()) {
                throw exceeded(job, excesses, "");
            }
        });
    }

    /**
     * Would the job fit if its current instances were replaced by {@code proposed}? (An update
     * about to start.) Nothing is reserved.
     */
    @Transactional(readOnly = true)
    public void checkReplacing(JobKey job, ResourceAmounts proposed) {
        quotas.find(job.role()).ifPresent(quota -> {
            List<Excess> excesses = QuotaCheck.excesses(quota, usage.excluding(job), proposed);
            if (!excesses.isEmpty()) {
                throw exceeded(job, excesses, " (in use excludes the job's current instances, which the update replaces)");
            }
        });
    }

    private static ApiException exceeded(JobKey job, List<Excess> excesses, String note) {
        String what = excesses.stream().map(e -> e.resource() + ": " + e.message()).collect(Collectors.joining("; "));
        return new ApiException(ProblemType.QUOTA_EXCEEDED,
                "job " + job + " would exceed the production quota of role " + job.role() + ": " + what + note,
                excesses.stream().map(e -> new FieldFault(e.resource(), e.message())).toList(),
                Map.of("role", job.role(), "exceeded", excesses));
    }
}
