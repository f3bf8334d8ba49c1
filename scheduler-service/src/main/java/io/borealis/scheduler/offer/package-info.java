/**
 * Offers: each OFFERS event is matched against the PENDING tasks by the placement core; matches are
 * committed as ASSIGNED and then launched (one ACCEPT per offer), the rest declined. Offers are never
 * held, so a RESCIND or a disconnect leaves nothing to forget. {@code Preemptions} makes room for
 * production tasks that stay pending by preempting lower-priority preemptible tasks of other jobs.
 */
package io.borealis.scheduler.offer;
