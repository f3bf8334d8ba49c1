package io.borealis.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** What operators and tools rely on: health, Prometheus metrics, the OpenAPI document, the Flyway schema. */
@JobServiceIT
class OperationsIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void healthMetricsAndApiDocsAreServed() {
        Http http = new Http(port);

        assertThat(Http.json(http.get("/actuator/health")).path("status").asString()).isEqualTo("UP");
        assertThat(http.get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
        var docs = http.get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(Http.json(docs).path("paths").has("/api/v1/jobs")).isTrue();
    }

    @Test
    void schemaComesFromFlyway() {
        assertThat(jdbc.queryForObject("select max(version) from flyway_schema_history", String.class)).isEqualTo("2");
    }
}
