package io.borealis.job.registry;

/** Body of {@code POST /jobs/{role}/{env}/{name}/instances}: how many instances to add. */
record AddInstancesRequest(Integer count) {
}
