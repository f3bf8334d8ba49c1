/**
 * The HTTP edge shared by every feature: reading JSON or YAML bodies (naming unknown fields),
 * the body size limit, and the one place where failures become RFC 9457 problem+json.
 */
package io.borealis.job.http;
