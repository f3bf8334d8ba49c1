/**
 * The Mesos v1 scheduler HTTP API: one subscription (RecordIO event stream) plus one request per call.
 * The only package that sees protobufs: {@link io.borealis.scheduler.mesos.MesosMapping} translates
 * them to the records here, which the rest of the scheduler consumes.
 */
package io.borealis.scheduler.mesos;
