/**
 * The pure core of job submission: validation of a JobSpec (every fault named by its field),
 * the documented defaults, and the config version (hash of the canonical task config).
 * Plain Java plus Jackson; no Spring, JPA or HTTP (an ArchUnit test keeps it so).
 */
package io.borealis.job.spec;
