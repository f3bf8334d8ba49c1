package io.borealis.update;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * A real PostgreSQL (zonky binaries) per Spring test context; spring.datasource.* points at it so
 * Hikari, Flyway and Hibernate use the normal auto-configuration. Closed (and its data dir deleted)
 * with the context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EmbeddedPostgresConfig {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres() throws IOException {
        return EmbeddedPostgres.builder().start();
    }

    @Bean
    DynamicPropertyRegistrar embeddedPostgresProperties(EmbeddedPostgres pg) {
        return registry -> {
            registry.add("spring.datasource.url", () -> pg.getJdbcUrl("postgres", "postgres"));
            registry.add("spring.datasource.username", () -> "postgres");
            registry.add("spring.datasource.password", () -> "postgres");
        };
    }
}
