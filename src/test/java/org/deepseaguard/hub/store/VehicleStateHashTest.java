package org.deepseaguard.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.config.JsonConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import org.springframework.context.annotation.Import;

/**
 * The Redis hash of one vehicle, written and read with the hub's own ObjectMapper (Spring Boot's,
 * configured by application.yml and JsonConfig): the state comes back equal, and the fields for
 * operators hold what they say.
 */
@JsonTest
@Import(JsonConfig.class)
class VehicleStateHashTest {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    @Autowired
    ObjectMapper json;

    private VehicleState midway() {
        Telemetry last = new Telemetry("AUV-007", T0.plusSeconds(900), 10.25, -117.3, 4350.5, 92.0, 1.4, 0.81, "M-17");
        Violation open = new Violation("V-1", "AUV-007", "R-APEI", RuleType.RESTRICTED_ZONE, "APEI-07", Severity.CRITICAL,
                Violation.Status.OPEN, T0, null, T0.plusSeconds(900), 10.25, -117.3, 4350.5, "in APEI-07", false, false,
                3, 2);
        return new VehicleState("AUV-007", last,
                Map.of("APEI-07", T0, "CA-NORI-D", T0.minusSeconds(3600)),
                Map.of("R-APEI|APEI-07", open),
                Instant.parse("2026-11-27T08:15:02.123Z"));
    }

    @Test
    void theStateRoundTripsThroughTheHubObjectMapper() {
        VehicleStateHash hash = new VehicleStateHash(json);
        VehicleState state = midway();
        Map<String, String> fields = hash.fields(state);
        assertThat(hash.state("AUV-007", fields.get(VehicleStateHash.STATE))).isEqualTo(state);
        assertThat(hash.zones(fields.get(VehicleStateHash.ZONES)))
                .isEqualTo(Map.of("APEI-07", T0, "CA-NORI-D", T0.minusSeconds(3600)));
    }

    @Test
    void operatorFieldsMirrorTheLastFix() throws Exception {
        Map<String, String> fields = new VehicleStateHash(json).fields(midway());
        assertThat(fields).containsOnlyKeys("state", "zones", "open_violations", "last_update", "latitude",
                "longitude", "depth");
        assertThat(fields).containsEntry("last_update", "2026-11-27T08:15:00Z")
                .containsEntry("latitude", "10.25")
                .containsEntry("longitude", "-117.3")
                .containsEntry("depth", "4350.5")
                .containsEntry("open_violations", "1")
                .containsEntry("zones", "{\"APEI-07\":\"2026-11-27T08:00:00Z\",\"CA-NORI-D\":\"2026-11-27T07:00:00Z\"}");
        JsonNode state = json.readTree(fields.get("state"));
        assertThat(state.get("auv_id").asText()).isEqualTo("AUV-007");
        assertThat(state.get("zone_entries").get("APEI-07").asText()).isEqualTo("2026-11-27T08:00:00Z");
        assertThat(state.get("open_violations").get("R-APEI|APEI-07").get("violation_id").asText()).isEqualTo("V-1");
    }

    @Test
    void aVehicleWithoutFixHasNoPositionFields() {
        VehicleStateHash hash = new VehicleStateHash(json);
        Map<String, String> fields = hash.fields(VehicleState.initial("AUV-NEW"));
        assertThat(fields).containsOnlyKeys("state", "zones", "open_violations").containsEntry("zones", "{}");
        assertThat(hash.state("AUV-NEW", fields.get("state"))).isEqualTo(VehicleState.initial("AUV-NEW"));
        assertThat(hash.zones(null)).isEmpty();
        assertThat(VehicleStateHash.revision(null)).isZero();
    }

    @Test
    void aCorruptOrForeignStateFailsInsteadOfStartingAfresh() {
        VehicleStateHash hash = new VehicleStateHash(json);
        assertThatThrownBy(() -> hash.state("AUV-007", "{\"auv_id\":"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unreadable state of AUV-007");
        String other = hash.fields(VehicleState.initial("AUV-008")).get("state");
        assertThatThrownBy(() -> hash.state("AUV-007", other))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to AUV-008");
    }
}
