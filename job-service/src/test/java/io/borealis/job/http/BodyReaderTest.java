package io.borealis.job.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.borealis.api.job.JobSpec;
import io.borealis.job.spec.FieldFault;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class BodyReaderTest {

    private final BodyReader reader = new BodyReader();

    private BodyReader.Parsed<JobSpec> read(String body, String contentType) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8), MediaType.parseMediaType(contentType), JobSpec.class,
                ProblemType.INVALID_JOB_SPEC);
    }

    @Test
    void collectsEveryUnknownPropertyWithItsPath() {
        var parsed = read("""
                {"key": {"role": "r", "environment": "e", "name": "n", "zone": 1},
                 "colour": "red",
                 "task": {"command": "x", "resources": {"cpus": 1, "gpus": 2},
                          "constraints": [{"attribute": "a", "limit": 1, "weight": 3}]}}
                """, "application/json");

        assertThat(parsed.unknownProperties()).extracting(FieldFault::field)
                .containsExactlyInAnyOrder("key.zone", "colour", "task.resources.gpus", "task.constraints[0].weight");
        assertThat(parsed.value().task().resources().cpus()).isEqualTo(1.0);
    }

    @Test
    void readsYaml() {
        var parsed = read("key: {role: r, environment: e, name: n}\ninstances: 2\nextra: true\n", "text/yaml");

        assertThat(parsed.value().instances()).isEqualTo(2);
        assertThat(parsed.unknownProperties()).extracting(FieldFault::field).containsExactly("extra");
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        assertThatThrownBy(() -> read("{\n  \"instances\": 1,\n  oops\n}", "application/json"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_BODY);
                    assertThat(e.getMessage()).contains("line 3, column");
                });
    }

    @Test
    void trailingGarbageIsMalformed() {
        assertThatThrownBy(() -> read("{} {}", "application/json"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_BODY));
    }

    @Test
    void wrongTypeNamesTheField() {
        assertThatThrownBy(() -> read("{\"task\": {\"resources\": {\"ramMb\": \"lots\"}}}", "application/json"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_JOB_SPEC);
                    assertThat(e.errors()).extracting(FieldFault::field).containsExactly("task.resources.ramMb");
                });
    }
}
