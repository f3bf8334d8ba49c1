package io.borealis.cluster;

import io.borealis.cluster.master.Master;
import io.borealis.cluster.master.MasterState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the local cluster inside another JVM (tests of other modules), on a free port, with
 * nothing of the host's configuration or auto-configuration that it does not need: no
 * application.yml of the host is read and database/JPA/Flyway/admin-client auto-configuration is
 * excluded. Sandboxes go to a temporary directory unless {@code borealis.cluster.work-dir} is given.
 */
public final class LocalClusterLauncher {

    /** Auto-configuration a host test JVM may carry that the cluster must not start. */
    static final List<String> EXCLUDED_AUTO_CONFIGURATION = List.of(
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JndiDataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.metrics.HibernateMetricsAutoConfiguration",
            "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayEndpointAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
            "org.springframework.boot.transaction.jta.autoconfigure.JtaAutoConfiguration");

    private LocalClusterLauncher() {
    }

    /** Boots a cluster; the given properties (e.g. "borealis.cluster.agents") override the defaults. */
    public static RunningCluster start(Map<String, Object> properties) {
        Map<String, Object> settings = new LinkedHashMap<>();
        // a name no module uses, so the host's application.yml is not read
        settings.put("spring.config.name", "borealis-local-cluster-embedded");
        settings.put("spring.application.name", "local-cluster");
        settings.put("server.port", "0");
        settings.put("server.address", "127.0.0.1");
        settings.put("spring.boot.admin.client.enabled", "false");
        settings.put("spring.autoconfigure.exclude", String.join(",", EXCLUDED_AUTO_CONFIGURATION));
        settings.put("spring.main.banner-mode", "off");
        settings.put("spring.jmx.enabled", "false");
        settings.put("management.endpoints.web.exposure.include", "health,info");
        Path tempWorkDir = null;
        if (!properties.containsKey("borealis.cluster.work-dir") && !properties.containsKey("borealis.cluster.workDir")) {
            try {
                tempWorkDir = Files.createTempDirectory("local-cluster");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            settings.put("borealis.cluster.work-dir", tempWorkDir.toString());
        }
        settings.putAll(properties);
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LocalClusterApplication.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(true)
                .run(args.toArray(String[]::new));
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new Cluster(context, URI.create("http://127.0.0.1:" + port), tempWorkDir);
    }

    private record Cluster(ConfigurableApplicationContext context, URI masterUri, Path tempWorkDir)
            implements RunningCluster {

        private Master master() {
            return context.getBean(Master.class);
        }

        @Override
        public List<String> agentIds() {
            return master().snapshot().agents().stream().map(MasterState.AgentView::id).toList();
        }

        @Override
        public Optional<String> taskState(String taskId) {
            return task(taskId).map(MasterState.TaskView::state);
        }

        @Override
        public List<String> tasksInState(String state) {
            return master().snapshot().allTasks().stream().filter(t -> t.state().equals(state))
                    .map(MasterState.TaskView::id).toList();
        }

        @Override
        public OptionalLong pid(String taskId) {
            return task(taskId).filter(t -> t.pid() != null).map(t -> OptionalLong.of(t.pid()))
                    .orElse(OptionalLong.empty());
        }

        private Optional<MasterState.TaskView> task(String taskId) {
            return master().snapshot().allTasks().stream().filter(t -> t.id().equals(taskId)).findFirst();
        }

        @Override
        public void stopAgent(String agentId) {
            master().stopAgent(agentId);
        }

        @Override
        public void startAgent(String agentId) {
            master().startAgent(agentId);
        }

        @Override
        public void close() {
            context.close();
            if (tempWorkDir != null) {
                try (Stream<Path> paths = Files.walk(tempWorkDir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                } catch (IOException e) {
                    // best effort: a temp directory
                }
            }
        }
    }
}
