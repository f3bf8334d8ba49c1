package io.borealis.job.spec;

import java.util.Optional;

/**
 * Says whether a cron schedule parses. A port so the core stays free of Spring: the application
 * plugs in Spring's {@code CronExpression.parse}.
 */
@FunctionalInterface
public interface CronCheck {

    /** Why {@code schedule} is not a valid cron expression, or empty if it is. */
    Optional<String> problemWith(String schedule);
}
