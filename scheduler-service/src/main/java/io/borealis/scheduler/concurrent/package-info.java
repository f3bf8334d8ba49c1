/** Threads of the scheduler's loops ({@link io.borealis.scheduler.concurrent.Daemons}). */
package io.borealis.scheduler.concurrent;
