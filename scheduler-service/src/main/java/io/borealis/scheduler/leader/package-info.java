/**
 * Active/standby: a lease row in the database names the one instance that holds the Mesos
 * subscription. Its epoch grows on every takeover and every write transaction checks it
 * ({@link io.borealis.scheduler.leader.LeaderFence}), so a paused old leader cannot write.
 */
package io.borealis.scheduler.leader;
