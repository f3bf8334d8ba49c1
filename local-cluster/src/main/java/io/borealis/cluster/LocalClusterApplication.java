package io.borealis.cluster;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

@SpringBootApplication
@EnableConfigurationProperties(ClusterProperties.class)
public class LocalClusterApplication {

    public static void main(String[] args) {
        SpringApplication.run(LocalClusterApplication.class, args);
    }
}
