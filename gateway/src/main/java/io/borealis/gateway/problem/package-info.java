/**
 * Every answer the gateway writes itself is RFC 9457 problem+json: the breaker fallback when a
 * service is down, a path no route owns, a timeout. Answers from the services pass through as they are.
 */
package io.borealis.gateway.problem;
