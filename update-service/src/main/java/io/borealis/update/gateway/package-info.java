/**
 * How update-service reaches the other services: only through the gateway
 * ({@code borealis.gateway.url}), never directly and never through another service's tables.
 */
package io.borealis.update.gateway;
