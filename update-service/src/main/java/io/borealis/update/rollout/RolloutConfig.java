package io.borealis.update.rollout;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clock the engine reads; tests may replace it. */
@Configuration(proxyBeanMethods = false)
class RolloutConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
