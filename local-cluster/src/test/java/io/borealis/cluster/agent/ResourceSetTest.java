package io.borealis.cluster.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceSetTest {

    private final ResourceSet agent = new ResourceSet(4, 8192, 65536, PortSet.range(31000, 31999));

    @Test
    void subtractsAndAddsBackExactly() {
        ResourceSet task = new ResourceSet(0.1, 128, 64, PortSet.range(31000, 31001));
        ResourceSet left = agent;
        for (int i = 0; i < 10; i++) {
            left = left.minus(new ResourceSet(0.1, 128, 64, PortSet.EMPTY));
        }

        assertThat(left.cpus()).isEqualTo(3.0);
        assertThat(agent.minus(task).plus(task)).isEqualTo(agent);
        assertThat(agent.minus(task).ports().ranges()).hasSize(1).first()
                .satisfies(r -> assertThat(r).containsExactly(31002, 31999));
    }

    @Test
    void containmentCoversScalarsAndPorts() {
        assertThat(agent.contains(new ResourceSet(4, 8192, 0, PortSet.range(31500, 31999)))).isTrue();
        assertThat(agent.contains(new ResourceSet(4.001, 0, 0, PortSet.EMPTY))).isFalse();
        assertThat(agent.contains(new ResourceSet(0, 0, 0, PortSet.range(30999, 31000)))).isFalse();
    }

    @Test
    void roundTripsThroughProtobuf() {
        assertThat(ResourceSet.fromProto(agent.toProto("*"))).isEqualTo(agent);
        assertThat(ResourceSet.EMPTY.offerable()).isFalse();
    }

    @Test
    void refusesUnknownResources() {
        var gpus = org.apache.mesos.v1.Protos.Resource.newBuilder().setName("gpus")
                .setType(org.apache.mesos.v1.Protos.Value.Type.SCALAR)
                .setScalar(org.apache.mesos.v1.Protos.Value.Scalar.newBuilder().setValue(1)).build();

        assertThatThrownBy(() -> ResourceSet.fromProto(java.util.List.of(gpus)))
                .hasMessageContaining("unknown resource 'gpus'");
        assertThatThrownBy(() -> PortSet.range(70000, 70001)).hasMessageContaining("invalid port range");
    }
}
