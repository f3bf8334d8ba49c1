/**
 * Rollouts: starting, controlling and driving job updates and rolling restarts. Everything is recorded in update-service's
 * database before an instance is touched; a single driver thread re-reads active updates and
 * advances them with the pure engine of {@code lifecycle}, so a restart continues where it was.
 */
package io.borealis.update.rollout;
