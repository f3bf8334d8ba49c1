package io.borealis.scheduler;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Boots scheduler-service for ITs against a given database, master and gateway, so a test can stop
 * and start it again over the same state (a scheduler restart).
 */
final class SchedulerRunner {

    private SchedulerRunner() {
    }

    static ConfigurableApplicationContext start(EmbeddedPostgres pg, URI master, URI gateway, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                "--spring.boot.admin.client.enabled=false",
                "--borealis.mesos.masters=" + master,
                "--borealis.gateway.url=" + gateway,
                "--borealis.gateway.poll-interval=300ms",
                "--borealis.tasks.convergence-interval=500ms"));
        args.addAll(List.of(extra));
        return SpringApplication.run(SchedulerServiceApplication.class, args.toArray(String[]::new));
    }

    static URI baseUri(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }

}
