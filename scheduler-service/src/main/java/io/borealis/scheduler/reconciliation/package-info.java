/**
 * Reconciliation with the master: explicit (every non-terminal task we placed) after each
 * SUBSCRIBED, repeated with backoff for tasks not yet answered; implicit (the master reports all
 * our tasks) periodically. Answers arrive as ordinary status updates.
 */
package io.borealis.scheduler.reconciliation;
