package io.borealis.api.job;

import java.util.List;

/**
 * Every job with its instance → config map, as the scheduler reads it. {@code lastEventId} is the
 * id of the newest job event included, so a reader can resume the event stream from there.
 */
public record DesiredState(long lastEventId, List<JobView> jobs) {
}
