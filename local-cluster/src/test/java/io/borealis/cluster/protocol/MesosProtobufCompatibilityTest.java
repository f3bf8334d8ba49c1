package io.borealis.cluster.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/**
 * Fails on a protobuf-java runtime that cannot run the Mesos 1.11 gencode (4.26 to 4.32 fail at
 * class load with NoSuchMethodError), so a bad pin in the parent breaks the build here.
 */
class MesosProtobufCompatibilityTest {

    @Test
    void subscribeCallSurvivesBytesAndJson() throws Exception {
        Call subscribe = Call.newBuilder()
                .setType(Call.Type.SUBSCRIBE)
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw-0001"))
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(FrameworkInfo.newBuilder()
                        .setUser("borealis").setName("Borealis").setId(FrameworkID.newBuilder().setValue("fw-0001"))
                        .setFailoverTimeout(604800).setCheckpoint(true).addRoles("borealis")
                        .addCapabilities(FrameworkInfo.Capability.newBuilder()
                                .setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
                        .addCapabilities(FrameworkInfo.Capability.newBuilder()
                                .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))))
                .build();

        Call fromBytes = Call.parseFrom(subscribe.toByteArray());
        Call.Builder fromJson = Call.newBuilder();
        JsonFormat.parser().merge(JsonFormat.printer().print(subscribe), fromJson);

        assertThat(fromBytes).isEqualTo(subscribe);
        assertThat(fromBytes.hashCode()).isEqualTo(subscribe.hashCode());
        assertThat(fromJson.build()).isEqualTo(subscribe);
        assertThat(fromBytes.getSubscribe().getFrameworkInfo().getCapabilitiesList()).hasSize(2);
    }
}
