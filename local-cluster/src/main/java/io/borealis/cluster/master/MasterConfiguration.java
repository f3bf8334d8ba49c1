package io.borealis.cluster.master;

import io.borealis.cluster.ClusterProperties;
import io.borealis.cluster.agent.ProcessTaskRunner;
import io.borealis.cluster.agent.SimulatedTaskRunner;
import io.borealis.cluster.agent.TaskRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wiring: which task runner the agents use, and how subscription streams are served. */
@Configuration(proxyBeanMethods = false)
class MasterConfiguration implements WebMvcConfigurer {

    @Bean(destroyMethod = "shutdown")
    TaskRunner taskRunner(ClusterProperties properties) {
        return properties.simulated() ? new SimulatedTaskRunner()
                : new ProcessTaskRunner(properties.launchThreads(), properties.killGracePeriod());
    }

    /** A subscription stream lives as long as the scheduler stays connected: no async timeout. */
    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
        configurer.setDefaultTimeout(-1);
    }
}
