package io.borealis.api.job;

/** A cron schedule (Spring CronExpression syntax) and what to do when the previous run is still going. */
public record CronSpec(String schedule, CollisionPolicy collisionPolicy) {

    public enum CollisionPolicy { KILL_EXISTING, CANCEL_NEW }
}
