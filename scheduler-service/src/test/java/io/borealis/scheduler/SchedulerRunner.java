package io.borealis.scheduler;

import io.borealis.api.job.JobKey;
import io.borealis.api.task.TaskView;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Boots scheduler-service for ITs against a given database, master and gateway, so a test can stop
 * and start it again over the same state (a scheduler restart).
 */
final class SchedulerRunner {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SchedulerRunner() {
    }

    static ConfigurableApplicationContext start(EmbeddedPostgres pg, URI master, URI gateway, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                "--spring.boot.admin.client.enabled=false",
                "--borealis.mesos.masters=" + master,
                "--borealis.gateway.url=" + gateway));
        // a property given twice would be joined, not replaced: a test's own value replaces these defaults
        // (tests watch DECLINEs: offers are held 3 s here; the shipped default is minutes)
        for (String fallback : List.of("--borealis.gateway.poll-interval=300ms",
                "--borealis.tasks.convergence-interval=500ms", "--borealis.offers.hold-for=3s")) {
            String name = fallback.substring(0, fallback.indexOf('=') + 1);
            if (Arrays.stream(extra).noneMatch(a -> a.startsWith(name))) {
                args.add(fallback);
            }
        }
        args.addAll(List.of(extra));
        return SpringApplication.run(SchedulerServiceApplication.class, args.toArray(String[]::new));
    }

    static URI baseUri(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code GET /api/v1/jobs/{job}/tasks} of the running scheduler; empty while the job is unknown (404). */
    static List<TaskView> tasks(ConfigurableApplicationContext context, JobKey job) throws IOException, InterruptedException {
        URI uri = baseUri(context).resolve("/api/v1/jobs/" + job.path() + "/tasks");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readValue(response.body(), new TypeReference<List<TaskView>>() { });
    }

    /**
     * Closes each one that was started, in the order given (a test's teardown); every one is closed
     * even if an earlier one fails, and the first failure is thrown with the others suppressed.
     */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
