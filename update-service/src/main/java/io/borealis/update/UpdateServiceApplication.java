package io.borealis.update;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Staged rolling updates: records each rollout, drives it batch by batch, rolls it back on failure. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class UpdateServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(UpdateServiceApplication.class, args);
    }
}
