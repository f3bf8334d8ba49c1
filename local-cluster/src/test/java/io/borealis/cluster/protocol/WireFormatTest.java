package io.borealis.cluster.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class WireFormatTest {

    @Test
    void parsesTheSubscribeFixture() throws IOException {
        Call call = WireFormat.PROTOBUF.parseCall(RecordIoTest.fixture("example-subscribe.call.pb"));

        assertThat(call.getType()).isEqualTo(Call.Type.SUBSCRIBE);
        assertThat(call.getSubscribe().getFrameworkInfo().getName()).isNotBlank();
    }

    @Test
    void parsesTheAcceptFixture() throws IOException {
        Call call = WireFormat.PROTOBUF.parseCall(RecordIoTest.fixture("example-accept.call.pb"));

        assertThat(call.getType()).isEqualTo(Call.Type.ACCEPT);
        assertThat(call.getAccept().getOfferIdsCount()).isPositive();
        assertThat(call.getAccept().getOperations(0).getType()).isEqualTo(Offer.Operation.Type.LAUNCH);
        assertThat(call.getAccept().getOperations(0).getLaunch().getTaskInfos(0).hasCommand()).isTrue();
    }

    @Test
    void parsesJsonCallsWithMesosFieldNames() throws IOException {
        String json = """
                {"framework_id":{"value":"fw-1"},"type":"KILL","kill":{"task_id":{"value":"t-1"}}}""";

        Call call = WireFormat.JSON.parseCall(json.getBytes(StandardCharsets.UTF_8));

        assertThat(call.getKill().getTaskId().getValue()).isEqualTo("t-1");
    }

    @Test
    void refusesCallsMissingRequiredFields() {
        String json = """
                {"type":"SUBSCRIBE","subscribe":{"framework_info":{"name":"no user"}}}""";

        assertThatThrownBy(() -> WireFormat.JSON.parseCall(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidProtocolBufferException.class).hasMessageContaining("user");
        assertThatThrownBy(() -> WireFormat.PROTOBUF.parseCall(new byte[] {0x0a, 0x7f}))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void knowsItsMediaTypes() {
        assertThat(WireFormat.of(MediaType.parseMediaType("application/x-protobuf; charset=utf-8")))
                .isEqualTo(WireFormat.PROTOBUF);
        assertThat(WireFormat.of(MediaType.APPLICATION_JSON)).isEqualTo(WireFormat.JSON);
        assertThat(WireFormat.of(MediaType.TEXT_PLAIN)).isNull();
    }
}
