package io.borealis.job.registry;

import java.util.List;

/** Body of {@code POST /jobs/{role}/{env}/{name}/kill}: the instance ids to remove from the desired state. */
record KillInstancesRequest(List<Integer> instances) {
}
