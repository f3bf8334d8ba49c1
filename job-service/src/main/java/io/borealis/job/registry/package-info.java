/**
 * The job registry: desired state. Stores jobs, their immutable task-config versions and which
 * version each instance should run; serves them to users and to the scheduler; holds each job's
 * update lock and the hooks a rolling update drives. Every change writes its outbox event in the
 * same transaction.
 */
package io.borealis.job.registry;
