/**
 * How the gateway forwards: the routes themselves are data in application.yml; this package holds
 * the circuit-breaker settings applied to every service route (which failures count, how long a
 * call may take, how long a tripped breaker stays open).
 */
package io.borealis.gateway.routing;
