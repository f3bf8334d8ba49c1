/**
 * The resumable event streams every service serves (design §2): {@link io.borealis.api.event.ChangeEvent}
 * (job-service's) and {@link io.borealis.api.event.EventStreamClient}, the one follower of such a
 * stream. The client is behaviour, not a record: it sits here, plain JDK, so that the services
 * following streams (scheduler, update-service) share one parser and one reconnect rule.
 */
package io.borealis.api.event;
