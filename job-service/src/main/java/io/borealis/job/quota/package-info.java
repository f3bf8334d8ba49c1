/**
 * Production quotas per role (Aurora's quota): how much cpu, ram and disk a role's production jobs
 * may hold, what they hold now, and the admission check run when jobs are created, grow or are
 * updated. The arithmetic ({@link io.borealis.job.quota.ResourceAmounts}, {@link io.borealis.job.quota.QuotaCheck})
 * is plain Java; a role without a quota row is unlimited.
 */
package io.borealis.job.quota;
