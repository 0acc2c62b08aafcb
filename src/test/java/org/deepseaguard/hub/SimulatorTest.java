package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Map;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.simulator.FleetSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The simulator as a load generator: NDJSON rounds POSTed to a hub, bounded by a fix count. */
class SimulatorTest extends HubTestSupport {

    @Autowired
    ObjectMapper json;

    @Test
    void postsRoundsToAUrlAndStopsAtTheFixLimit() {
        DeepSeaGuardProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "deepseaguard.simulator.fleet-size", "15",
                "deepseaguard.simulator.url", "http://127.0.0.1:" + port + "/api/v1/telemetry",
                "deepseaguard.simulator.max-fixes", "40")))
                .bindOrCreate("deepseaguard", DeepSeaGuardProperties.class);
        FleetSimulator simulator = new FleetSimulator(properties, (fix, source) -> {
            throw new AssertionError("the URL mode must not use the in-process pipeline");
        }, json, Clock.systemUTC());

        assertThat(simulator.vehicles()).hasSize(15);
        assertThat(simulator.vehicles().get(14).auvId()).isEqualTo("SIM-015");
        simulator.tick();
        simulator.tick();
        simulator.tick();
        simulator.tick();

        assertThat(simulator.sent()).isEqualTo(40);
        JsonNode first = http.get("/api/v1/auvs/SIM-001").json();
        assertThat(first.get("status").asText()).isNotEqualTo("unknown");
        assertThat(first.get("position").get("latitude").asDouble()).isCloseTo(10.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(http.get("/api/v1/auvs/SIM-015").json().get("last_update").isNull()).isFalse();
    }
}
