package io.borealis.job;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole service on a random port against embedded PostgreSQL. The gateway URL points at port 1,
 * where nothing listens: the scheduler is "down" unless a test says otherwise. Classes with the same
 * annotation share one context (and one database).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.boot.admin.client.enabled=false",
        "borealis.gateway.url=http://127.0.0.1:1",
        "borealis.gateway.timeout=500ms"})
@Import(EmbeddedPostgresConfig.class)
public @interface JobServiceIT {
}
