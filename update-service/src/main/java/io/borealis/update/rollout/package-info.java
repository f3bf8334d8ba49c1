/**
 * Rollouts: each job update with its settings, status and history, stored in update-service's own
 * database and served read-only for now ({@code GET /api/v1/updates}, {@code GET /api/v1/updates/{id}}).
 */
package io.borealis.update.rollout;
