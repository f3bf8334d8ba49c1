/**
 * {@code POST /api/v1/hooks/{provider}}: signed CI webhooks that start rolling updates (design §7).
 */
package io.borealis.gateway.hooks;
