/**
 * The master: the Mesos v1 scheduler endpoint (subscriptions, calls, offers, status updates with
 * acknowledgement and retry, reconciliation, failover) over in-memory state behind one lock, plus
 * {@code /master/state} and the operator's agent switches.
 */
package io.borealis.cluster.master;
