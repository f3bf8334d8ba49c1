/**
 * The local cluster: one process that is a Mesos master (v1 scheduler HTTP API) and N agents
 * running tasks as real local processes. {@link io.borealis.cluster.LocalClusterLauncher} starts
 * it inside another module's tests.
 */
package io.borealis.cluster;
