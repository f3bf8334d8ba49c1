/**
 * Tasks, the scheduler's actual state: the lifecycle (a pure state machine over one transition
 * table), their storage and history, status updates from Mesos, and the convergence loop that keeps
 * exactly one task per desired instance running the desired config version.
 */
package io.borealis.scheduler.task;
