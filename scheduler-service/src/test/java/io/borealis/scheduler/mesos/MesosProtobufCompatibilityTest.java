package io.borealis.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/**
 * Guards the protobuf runtime: Mesos 1.11 gencode (protoc 3.5) fails at class load on protobuf-java
 * 4.26 to 4.32. A SUBSCRIBE must survive binary and JSON round trips, and the shared fixture must parse.
 */
class MesosProtobufCompatibilityTest {

    static MesosProperties properties() {
        return new MesosProperties(List.of(URI.create("http://127.0.0.1:5050")), List.of("*"), "borealis",
                Duration.ofDays(7), Duration.ofMillis(500), Duration.ofSeconds(15), 5, Duration.ofSeconds(10), 16);
    }

    @Test
    void subscribeRoundTripsThroughBytesAndJson() throws Exception {
        Call call = MesosMapping.subscribe(properties(), "fw-0001");
        assertThat(Call.parseFrom(call.toByteArray())).isEqualTo(call);

        String json = JsonFormat.printer().print(call);
        Call.Builder parsed = Call.newBuilder();
        JsonFormat.parser().merge(json, parsed);
        assertThat(parsed.build()).isEqualTo(call);

        Protos.FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
        assertThat(call.getFrameworkId().getValue()).isEqualTo("fw-0001");
        assertThat(info.getId().getValue()).isEqualTo("fw-0001");
        assertThat(info.getName()).isEqualTo("borealis");
        assertThat(info.getCheckpoint()).isTrue();
        assertThat(info.getFailoverTimeout()).isEqualTo(604800.0);
        assertThat(info.getRolesList()).containsExactly("*");
        assertThat(info.getCapabilitiesList()).extracting(Protos.FrameworkInfo.Capability::getType).containsExactlyInAnyOrder(
                Protos.FrameworkInfo.Capability.Type.MULTI_ROLE, Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE,
                Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    }

    @Test
    void firstSubscribeCarriesNoFrameworkId() {
        Call call = MesosMapping.subscribe(properties(), null);
        assertThat(call.hasFrameworkId()).isFalse();
        assertThat(call.getSubscribe().getFrameworkInfo().hasId()).isFalse();
    }

    @Test
    void sharedFixtureCallsParse() throws Exception {
        Path dir = RecordIoReaderTest.fixtures();
        assumeTrue(dir != null, "shared Mesos fixtures not present");
        Call subscribe = Call.parseFrom(Files.readAllBytes(dir.resolve("example-subscribe.call.pb")));
        assertThat(subscribe.getType()).isEqualTo(Call.Type.SUBSCRIBE);
        Call accept = Call.parseFrom(Files.readAllBytes(dir.resolve("example-accept.call.pb")));
        assertThat(accept.getType()).isEqualTo(Call.Type.ACCEPT);
        assertThat(accept.getAccept().getOperationsList()).isNotEmpty();
    }
}
