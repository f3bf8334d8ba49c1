package io.borealis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.borealis.api.job.JobKey;
import org.junit.jupiter.api.Test;

class JobKeyTest {

    @Test
    void parsesAndPrintsThePathForm() {
        JobKey key = JobKey.parse("web/prod/hello");
        assertThat(key).isEqualTo(new JobKey("web", "prod", "hello"));
        assertThat(key.path()).isEqualTo("web/prod/hello");
        assertThat(key.isValid()).isTrue();
    }

    @Test
    void validityIsACheckNotAWireProperty() throws NoSuchMethodException {
        assertThat(JobKey.class.getMethod("isValid")
                .isAnnotationPresent(com.fasterxml.jackson.annotation.JsonIgnore.class)).isTrue();
    }

    @Test
    void rejectsSegmentsOutsideTheAlphabet() {
        assertThat(new JobKey("web", "prod", "he llo").isValid()).isFalse();
        assertThat(new JobKey("web", "", "hello").isValid()).isFalse();
        assertThat(new JobKey("web", "prod", "x".repeat(65)).isValid()).isFalse();
        assertThat(new JobKey("w-b_1.2", "prod", "x".repeat(64)).isValid()).isTrue();
        assertThatThrownBy(() -> JobKey.parse("web/prod")).isInstanceOf(IllegalArgumentException.class);
    }
}
