/**
 * Update strategies (QUEUE, BATCH, VARIABLE_BATCH, optionally grouped by failure domain) as plain
 * Java: given where every instance of a rollout stands, which instances start next. No framework.
 */
package io.borealis.update.strategy;
