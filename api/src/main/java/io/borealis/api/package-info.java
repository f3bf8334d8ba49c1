/**
 * Wire contracts of Borealis: the records and enums that cross a service boundary. Plain Java,
 * shared by every service and by clients, so a field has one definition everywhere.
 */
package io.borealis.api;
