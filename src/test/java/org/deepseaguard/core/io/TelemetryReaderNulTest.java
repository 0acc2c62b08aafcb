package org.deepseaguard.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.deepseaguard.core.model.FieldError;
import org.junit.jupiter.api.Test;

/** A NUL character in a text field is refused with a field error (PostgreSQL text cannot store it). */
class TelemetryReaderNulTest {

    @Test
    void aNulInMissionIdIsAFieldError() throws Exception {
        var node = new ObjectMapper().readTree("{\"auv_id\":\"AUV-1\",\"timestamp\":\"2026-11-30T00:00:00Z\","
                + "\"latitude\":1,\"longitude\":1,\"depth\":1,\"mission_id\":\"M\\u00001\"}");

        TelemetryReader.Result result = TelemetryReader.read(node, Instant.parse("2026-11-30T00:01:00Z"), Duration.ofSeconds(30));

        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).extracting(FieldError::field).containsExactly("mission_id");
    }
}
