package io.borealis.scheduler.leader;

import java.time.Instant;

/** The lease row as read: who holds it, since when, with which epoch, until when. */
public record Lease(String holder, long epoch, Instant since, Instant expiresAt) {
}
