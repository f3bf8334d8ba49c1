package io.borealis.cluster;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class LocalClusterApplication {

    public static void main(String[] args) {
        SpringApplication.run(LocalClusterApplication.class, args);
    }
}
