/**
 * A long-lived, real PostgreSQL for the local suite: zonky's binaries, data kept under a directory that
 * survives restarts, one database per service created when missing. Plain Java, no Spring.
 */
package io.borealis.deploy.postgres;
