/**
 * Wire contracts of Borealis: the records and enums that cross a service boundary. Plain Java,
 * shared by every service and by clients, so a field has one definition everywhere. One piece of
 * behaviour lives here too, for the same reason: the SSE follower in {@code event}.
 */
package io.borealis.api;
