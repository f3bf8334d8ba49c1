package io.borealis.cluster;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The local cluster as a process of its own ({@code java -jar local-cluster-*-exec.jar}). */
@SpringBootApplication
@EnableConfigurationProperties(ClusterProperties.class)
public class LocalClusterApplication {

    /** The JDK's way of starting processes; read once, when the first process starts. */
    static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

    public static void main(String[] args) {
        // vfork+exec starts a task about twice as fast as the default posix_spawn via jspawnhelper
        // (docs/benchmarks.md ("Local cluster launch rate")); set here only, since it is JVM-wide and the in-process
        // launcher must not change its host's behaviour. An explicit -D wins.
        if (System.getProperty(LAUNCH_MECHANISM) == null && System.getProperty("os.name").startsWith("Linux")) {
            System.setProperty(LAUNCH_MECHANISM, "VFORK");
        }
        SpringApplication.run(LocalClusterApplication.class, args);
    }
}
