package io.borealis.update.lifecycle;

import io.borealis.api.job.UpdateSettings;
import io.borealis.update.strategy.BatchPlanner;
import io.borealis.update.strategy.Strategy;
import java.time.Duration;
import java.util.List;

/**
 * {@link UpdateSettings} with every default applied and checked. Defaults: batchSize 1, QUEUE,
 * watchSecs 30, maxPerInstanceFailures 0, maxFailedInstances 0, rollbackOnFailure true,
 * autoPauseAfterBatch false, pulse off, progressDeadlineSecs 600, all instances, no failure domain.
 *
 * @param pulseTimeout null when pulses are off
 * @param instances    null for every instance
 * @param failureDomain null for none
 */
public record RolloutSettings(
        int batchSize,
        Strategy strategy,
        List<Integer> batchSizes,
        Duration watch,
        int maxPerInstanceFailures,
        int maxFailedInstances,
        boolean rollbackOnFailure,
        boolean autoPauseAfterBatch,
        Duration pulseTimeout,
        Duration progressDeadline,
        List<Integer> instances,
        String failureDomain) {

    /** A setting that cannot be right, naming it. */
    public static final class InvalidSettingException extends IllegalArgumentException {
        private final String field;

        InvalidSettingException(String field, String why) {
            super("settings." + field + " " + why);
            this.field = field;
        }

        public String field() {
            return "settings." + field;
        }
    }

    public static RolloutSettings of(UpdateSettings s) {
        UpdateSettings in = s != null ? s
                : new UpdateSettings(null, null, null, null, null, null, null, null, null, null, null, null);
        Strategy strategy;
        try {
            strategy = Strategy.parse(in.strategy());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("strategy", "must be one of QUEUE, BATCH, VARIABLE_BATCH");
        }
        int batchSize = atLeast("batchSize", in.batchSize(), 1, 1);
        if (strategy == Strategy.VARIABLE_BATCH && (in.batchSizes() == null || in.batchSizes().isEmpty()
                || in.batchSizes().stream().anyMatch(size -> size == null || size < 1))) {
            throw new InvalidSettingException("batchSizes", "must list sizes of at least 1 for VARIABLE_BATCH");
        }
        if (in.instances() != null && in.instances().stream().anyMatch(i -> i == null || i < 0)) {
            throw new InvalidSettingException("instances", "must be instance ids of at least 0");
        }
        if (in.failureDomain() != null && in.failureDomain().isBlank()) {
            throw new InvalidSettingException("failureDomain", "must name an agent attribute");
        }
        Integer pulse = in.pulseTimeoutSecs();
        if (pulse != null && pulse < 1) {
            throw new InvalidSettingException("pulseTimeoutSecs", "must be at least 1 (leave it out for no pulses)");
        }
        return new RolloutSettings(batchSize, strategy,
                in.batchSizes() == null ? List.of() : List.copyOf(in.batchSizes()),
                Duration.ofSeconds(atLeast("watchSecs", in.watchSecs(), 30, 0)),
                atLeast("maxPerInstanceFailures", in.maxPerInstanceFailures(), 0, 0),
                atLeast("maxFailedInstances", in.maxFailedInstances(), 0, 0),
                in.rollbackOnFailure() == null || in.rollbackOnFailure(),
                in.autoPauseAfterBatch() != null && in.autoPauseAfterBatch(),
                pulse == null ? null : Duration.ofSeconds(pulse),
                Duration.ofSeconds(atLeast("progressDeadlineSecs", in.progressDeadlineSecs(), 600, 1)),
                in.instances() == null ? null : List.copyOf(in.instances()),
                in.failureDomain());
    }

    /** The settings as they go on the wire and into the database, every default spelled out. */
    public UpdateSettings toApi() {
        return new UpdateSettings(batchSize, strategy.name(), batchSizes, (int) watch.toSeconds(),
                maxPerInstanceFailures, maxFailedInstances, rollbackOnFailure, autoPauseAfterBatch,
                pulseTimeout == null ? null : (int) pulseTimeout.toSeconds(), (int) progressDeadline.toSeconds(),
                instances, failureDomain);
    }

    public BatchPlanner planner() {
        return new BatchPlanner(strategy, batchSize, batchSizes, failureDomain != null);
    }

    private static int atLeast(String field, Integer value, int fallback, int min) {
        int v = value == null ? fallback : value;
        if (v < min) {
            throw new InvalidSettingException(field, "must be at least " + min);
        }
        return v;
    }
}
