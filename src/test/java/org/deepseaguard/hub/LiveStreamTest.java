package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/stream}: what the pipeline judges reaches an open stream as server-sent events
 * (the hub without keys; the refusals with keys are in {@link LiveMapSecuredTest}).
 */
class LiveStreamTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void aFixThatOpensAViolationIsStreamedAsItsPositionZoneEntryAndViolation() throws Exception {
        String zoneId = id("LIVE-ZONE");
        String auvId = id("LIVE-AUV");
        String ruleId = id("LIVE-RULE");
        assertThat(http.post("/api/v1/zones", squareZone(zoneId, "apei", -120.0, 12.0, 0.5)).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"critical","zone_ids":["%s"],"auv_ids":["%s"]}"""
                .formatted(ruleId, zoneId, auvId)).status()).isEqualTo(201);

        try (SseStream stream = SseStream.open(port, "/api/v1/stream", Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            await().atMost(WAIT).until(() -> !stream.events("hello").isEmpty());
            assertThat(stream.events("hello").get(0).json().get("position_interval_ms").asLong()).isEqualTo(1000);

            Instant t = ago(30);
            assertThat(http.post("/api/v1/telemetry", fix(auvId, t, 12.25, -119.75, 4100)).status()).isEqualTo(202);
            JsonNode stored = http.get("/api/v1/violations?auv_id=" + auvId).json().get("violations").get(0);
            String violationId = stored.get("violation_id").asText();

            await().atMost(WAIT).untilAsserted(() -> {
                List<JsonNode> positions = jsonOf(stream.events("position"), auvId, "/auv_id");
                assertThat(positions).hasSize(1);
                JsonNode p = positions.get(0);
                assertThat(p.get("timestamp").asText()).isEqualTo(t.toString());
                assertThat(p.get("latitude").asDouble()).isEqualTo(12.25);
                assertThat(p.get("longitude").asDouble()).isEqualTo(-119.75);
                assertThat(p.get("depth").asDouble()).isEqualTo(4100.0);
                assertThat(p.get("status").asText()).isEqualTo("violation");

                List<JsonNode> violations = jsonOf(stream.events("violation"), auvId, "/violation/auv_id");
                assertThat(violations).hasSize(1);
                JsonNode v = violations.get(0);
                assertThat(v.get("change").asText()).isEqualTo("opened");
                assertThat(v.at("/violation/violation_id").asText()).isEqualTo(violationId);
                assertThat(v.at("/violation/rule_id").asText()).isEqualTo(ruleId);
                assertThat(v.at("/violation/zone_id").asText()).isEqualTo(zoneId);
                assertThat(v.at("/violation/status").asText()).isEqualTo("open");
                assertThat(v.at("/violation/zone_version").asInt()).isEqualTo(1);
                assertThat(v.at("/violation/rule_version").asInt()).isEqualTo(1);

                List<JsonNode> entries = jsonOf(stream.events("event"), auvId, "/auv_id");
                assertThat(entries).extracting(e -> e.get("type").asText() + " " + e.get("zone_id").asText())
                        .containsExactly("zone_entry " + zoneId);
            });

            // leaving the zone closes the episode: the stream says so too
            assertThat(http.post("/api/v1/telemetry", fix(auvId, ago(20), 11.5, -119.75, 4100)).status()).isEqualTo(202);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(jsonOf(stream.events("violation"), auvId, "/violation/auv_id"))
                        .extracting(v -> v.get("change").asText() + " " + v.at("/violation/violation_id").asText())
                        .containsExactly("opened " + violationId, "closed " + violationId);
                assertThat(jsonOf(stream.events("event"), auvId, "/auv_id")).extracting(e -> e.get("type").asText())
                        .containsExactly("zone_entry", "zone_exit");
                // at most one position a second per vehicle, the newest sent when the second is over
                assertThat(jsonOf(stream.events("position"), auvId, "/auv_id"))
                        .extracting(p -> p.get("latitude").asDouble() + " " + p.get("status").asText())
                        .containsExactly("12.25 violation", "11.5 compliant");
            });
        }
    }

    private static List<JsonNode> jsonOf(List<SseStream.Event> events, String auvId, String auvPointer) {
        return events.stream().map(SseStream.Event::json).filter(j -> auvId.equals(j.at(auvPointer).asText())).toList();
    }
}
