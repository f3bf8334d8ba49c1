/**
 * The agents: their resources and attributes, and the task runners that start tasks as real
 * process groups (or simulate them), run health checks and report what happens to the master.
 */
package io.borealis.cluster.agent;
