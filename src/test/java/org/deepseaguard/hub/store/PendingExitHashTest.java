package org.deepseaguard.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.deepseaguard.core.engine.PendingExit;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.hub.config.JsonConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import org.springframework.context.annotation.Import;

/** A pending exit (exit hysteresis) in the Redis state JSON, written and read with the hub's ObjectMapper. */
@JsonTest
@Import(JsonConfig.class)
class PendingExitHashTest {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    @Autowired
    ObjectMapper json;

    @Test
    void aPendingExitRoundTripsThroughTheStateField() throws Exception {
        Telemetry last = Telemetry.of("AUV-007", T0.plusSeconds(120), 10.2, -116.9995, 4000);
        VehicleState state = new VehicleState("AUV-007", last, Map.of("APEI-07", T0), Map.of(), T0.plusSeconds(121),
                Map.of("APEI-07", new PendingExit(T0.plusSeconds(60), 10.2, -116.9994, 4010.5, 2)));
        VehicleStateHash hash = new VehicleStateHash(json);
        Map<String, String> fields = hash.fields(state);

        assertThat(hash.state("AUV-007", fields.get(VehicleStateHash.STATE))).isEqualTo(state);
        // the vehicle is still in the zone while its exit is pending
        assertThat(fields).containsEntry("zones", "{\"APEI-07\":\"2026-11-27T08:00:00Z\"}");
        JsonNode pending = json.readTree(fields.get("state")).get("pending_exits").get("APEI-07");
        assertThat(pending.get("outside_since").asText()).isEqualTo("2026-11-27T08:01:00Z");
        assertThat(pending.get("fixes_outside").asInt()).isEqualTo(2);
        assertThat(pending.get("depth").asDouble()).isEqualTo(4010.5);
    }

    @Test
    void aStateWrittenBeforePendingExitsReadsAsHavingNone() {
        String old = "{\"auv_id\":\"AUV-007\",\"last_fix\":null,\"zone_entries\":{\"APEI-07\":\"2026-11-27T08:00:00Z\"},"
                + "\"open_violations\":{},\"last_arrival\":null}";
        VehicleState state = new VehicleStateHash(json).state("AUV-007", old);
        assertThat(state.pendingExits()).isEmpty();
        assertThat(state.zoneEntries()).containsExactly(Map.entry("APEI-07", T0));
    }
}
