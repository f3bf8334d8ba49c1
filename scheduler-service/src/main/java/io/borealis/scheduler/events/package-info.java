/**
 * The task event stream: every committed task transition, read from the {@code task_event} table
 * (written in the same transaction as the task, so it is the outbox) and served as a resumable
 * Server-Sent-Events stream. Any instance, leader or standby, serves it from the database.
 */
package io.borealis.scheduler.events;
