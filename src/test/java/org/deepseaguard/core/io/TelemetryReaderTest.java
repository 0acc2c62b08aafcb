package org.deepseaguard.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.io.TelemetryReader.Result;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TelemetryReaderTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");
    private static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    private static final String FIX = """
        {"auv_id":"AUV-001","timestamp":"2026-11-27T08:00:00Z","latitude":11.2,"longitude":-117.1,
         "depth":4350.0,"heading":92.0,"speed":1.4,"battery":0.81,"mission_id":"M-17"}""";

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Result read(JsonNode node) {
        return TelemetryReader.read(node, NOW, MAX_FUTURE);
    }

    /** The design's example fix with one field replaced by raw JSON ({@code null} text removes it). */
    private static Result readWith(String field, String rawJson) {
        ObjectNode fix = (ObjectNode) json(FIX);
        if (rawJson == null) {
            fix.remove(field);
        } else {
            fix.set(field, json(rawJson));
        }
        return read(fix);
    }

    @Test
    void readsTheDesignExample() {
        Result r = read(json(FIX));
        assertThat(r.isValid()).isTrue();
        assertThat(r.errors()).isEmpty();
        assertThat(r.fix()).isEqualTo(new Telemetry("AUV-001", NOW, 11.2, -117.1, 4350.0, 92.0, 1.4, 0.81, "M-17"));
    }

    @Test
    void optionalFieldsMayBeAbsentOrNullAndUnknownFieldsAreIgnored() {
        Result r = read(json("""
            {"auv_id":"a","timestamp":"2026-11-27T09:00:00+01:00","latitude":-90,"longitude":180,"depth":0,
             "heading":null,"vendor_extension":{"x":[1,2]}}"""));
        assertThat(r.fix()).isEqualTo(Telemetry.of("a", NOW, -90, 180, 0));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = { // ISO and ID stand for the two long messages
        // field | raw JSON value (empty: field absent) | message
        "auv_id | | is required",
        "auv_id | null | is required",
        "auv_id | 7 | must be a string",
        "auv_id | \"\" | ID",
        "auv_id | \"AUV 001\" | ID",
        "auv_id | \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\" | ID",
        "timestamp | | is required",
        "timestamp | 1764230400 | ISO",
        "timestamp | \"2026-11-27T08:00:00\" | ISO",
        "timestamp | \"yesterday\" | ISO",
        "timestamp | \"2026-11-27T08:05:01Z\" | is more than PT5M in the future",
        "latitude | | is required",
        "latitude | \"12.5\" | must be a number",
        "latitude | true | must be a number",
        "latitude | {\"deg\":12} | must be a number",
        "latitude | [12.5] | must be a number",
        "latitude | NaN | must be a finite number",
        "latitude | 90.0001 | must be between -90 and 90",
        "longitude | -180.5 | must be between -180 and 180",
        "longitude | Infinity | must be a finite number",
        "longitude | 1e400 | must be a finite number",
        "depth | -0.1 | must be between 0 and 11000",
        "depth | 11000.5 | must be between 0 and 11000",
        "heading | 360 | must be >= 0 and < 360",
        "heading | -1 | must be >= 0 and < 360",
        "heading | \"N\" | must be a number",
        "speed | -0.5 | must be >= 0",
        "battery | 1.01 | must be between 0 and 1",
        "mission_id | 17 | must be a string",
    })
    void eachBadFieldIsNamed(String field, String rawJson, String message) {
        message = switch (message) {
            case "ISO" -> "must be an ISO-8601 date-time string with offset, e.g. 2026-11-27T08:00:00Z";
            case "ID" -> "must be 1-64 characters of [A-Za-z0-9_.-]";
            default -> message;
        };
        Result r = readWith(field, rawJson);
        assertThat(r.isValid()).isFalse();
        assertThat(r.fix()).isNull();
        assertThat(r.errors()).containsExactly(new FieldError(field, message));
    }

    @Test
    void timestampExactlyAtTheFutureLimitIsAccepted() {
        assertThat(readWith("timestamp", "\"2026-11-27T08:05:00Z\"").isValid()).isTrue();
        assertThat(TelemetryReader.read(json(FIX), NOW.minusSeconds(3600), Duration.ofHours(2)).isValid()).isTrue();
    }

    @Test
    void missionIdAtMost128Characters() {
        assertThat(readWith("mission_id", "\"" + "m".repeat(128) + "\"").isValid()).isTrue();
        assertThat(readWith("mission_id", "\"" + "m".repeat(129) + "\"").errors())
                .extracting(FieldError::field).containsExactly("mission_id");
    }

    @Test
    void everyErrorIsCollected() {
        Result r = read(json("{\"auv_id\":\"\",\"latitude\":\"1\",\"longitude\":200,\"depth\":-1,\"battery\":2}"));
        assertThat(r.errors()).extracting(FieldError::field)
                .containsExactly("auv_id", "timestamp", "latitude", "longitude", "depth", "battery");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        for (JsonNode body : List.of(json("[1]"), json("\"fix\""), json("null"), json("42"))) {
            assertThat(read(body).errors()).containsExactly(new FieldError("body", "must be a JSON object"));
        }
        assertThat(read(null).errors()).extracting(FieldError::field).containsExactly("body");
    }
}
