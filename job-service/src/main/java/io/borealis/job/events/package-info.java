/**
 * Change events of the desired state: a transactional outbox (the event row commits with the
 * change) served as a resumable Server-Sent-Events stream; a client reconnecting with
 * Last-Event-ID gets everything it missed.
 */
package io.borealis.job.events;
