package io.borealis.cluster;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the local cluster (prefix {@code borealis.cluster}). Every component has a default
 * here, not in a YAML file, so the in-process launcher behaves like {@code java -jar}.
 *
 * @param agents number of agents to run
 * @param workDir root of agent sandboxes: {@code <workDir>/agents/<agentId>/sandboxes/<taskId>/}
 * @param hostname hostname the agents report in offers; {@code {i}} stands for the agent's number, so
 *     {@code 127.0.0.{i}} gives each agent a loopback address of its own (to drain one host by name)
 * @param cpusPerAgent cpus each agent offers
 * @param memPerAgent memory (MB) each agent offers
 * @param diskPerAgent disk (MB) each agent offers
 * @param portsPerAgent size of each agent's port range
 * @param firstPort first port of agent 1; agent i starts at firstPort + portsPerAgent * (i - 1),
 *     wrapping around below 65536 when there are many agents
 * @param heartbeatInterval interval of HEARTBEAT events on a subscription
 * @param offerRefuseDefault how long declined resources are filtered when the call gives no filter
 * @param allocationInterval how often the allocator looks for resources to offer even when
 *     nothing changed (filters expiring, agents returning)
 * @param updateRetryInterval first resend delay of an unacknowledged status update; doubles on
 *     each resend
 * @param updateRetryMax longest resend delay of an unacknowledged status update
 * @param killGracePeriod time between SIGTERM and SIGKILL when neither the KILL call nor the task
 *     gives a kill policy
 * @param launchThreads threads that start task processes (never the HTTP threads); a spawn mostly
 *     waits in the kernel, so more threads than cores raise the launch rate (bench/local-cluster)
 * @param simulated start no processes: tasks go STARTING then RUNNING at once and stay (scale tests)
 */
@Validated
@ConfigurationProperties("borealis.cluster")
public record ClusterProperties(
        @DefaultValue("3") @Min(1) @Max(100_000) int agents,
        @DefaultValue("./data/cluster") @NotNull Path workDir,
        @DefaultValue("127.0.0.1") @NotBlank String hostname,
        @DefaultValue("4") @DecimalMin("0.01") double cpusPerAgent,
        @DefaultValue("8192") @DecimalMin("32") double memPerAgent,
        @DefaultValue("65536") @DecimalMin("0") double diskPerAgent,
        @DefaultValue("1000") @Min(0) @Max(30_000) int portsPerAgent,
        @DefaultValue("31000") @Min(1024) @Max(65535) int firstPort,
        @DefaultValue("15s") @NotNull Duration heartbeatInterval,
        @DefaultValue("5s") @NotNull Duration offerRefuseDefault,
        @DefaultValue("1s") @NotNull Duration allocationInterval,
        @DefaultValue("10s") @NotNull Duration updateRetryInterval,
        @DefaultValue("30s") @NotNull Duration updateRetryMax,
        @DefaultValue("3s") @NotNull Duration killGracePeriod,
        @DefaultValue("8") @Min(1) @Max(64) int launchThreads,
        @DefaultValue("false") boolean simulated) {
}
