/**
 * Desired state, read from job-service through the gateway. Level-triggered: a full read every few
 * seconds, woken early by the job event stream (SSE). Only a successful full read replaces the
 * snapshot; an error never looks like "no jobs".
 */
package io.borealis.scheduler.desired;
