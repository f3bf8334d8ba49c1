package io.borealis.job.registry;

import io.borealis.job.spec.CronCheck;
import io.borealis.job.spec.JobSpecValidator;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.support.CronExpression;

/** Wires the pure spec core into Spring: the validator checks cron schedules with Spring's CronExpression. */
@Configuration(proxyBeanMethods = false)
class RegistryConfig {

    @Bean
    JobSpecValidator jobSpecValidator(RegistryProperties properties) {
        CronCheck springCron = schedule -> {
            try {
                CronExpression.parse(schedule);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        };
        return new JobSpecValidator(springCron, properties.maxInstances());
    }
}
