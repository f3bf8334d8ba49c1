/**
 * {@code GET /api/v1/updates/events} and {@code GET /api/v1/updates/{id}/events}: the resumable SSE
 * stream of every committed update step, read from {@code job_update_events} (the outbox).
 */
package io.borealis.update.events;
