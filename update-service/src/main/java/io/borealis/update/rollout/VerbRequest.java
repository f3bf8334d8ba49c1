package io.borealis.update.rollout;

/** Body of {@code POST /api/v1/updates/{id}/{verb}}; optional. */
record VerbRequest(String message) {
}
