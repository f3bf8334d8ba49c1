package io.borealis.job;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** job-service: the registry of desired state (jobs, config versions, instances) and its event stream. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class JobServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(JobServiceApplication.class, args);
    }

    /** The one clock of the service; tests may replace it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
