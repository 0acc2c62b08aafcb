package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.hub.HubTestSupport.fix;
import static org.deepseaguard.hub.HubTestSupport.squareZone;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Exit hysteresis end to end (issue 11): a hub started with {@code deepseaguard.engine.hysteresis}
 * takes fixes over HTTP and answers GET /events and /violations; a pending exit survives a restart.
 * Own hubs on their own data dirs, started with the settings as command-line arguments.
 */
class HysteresisHubTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(DeepSeaGuardApplication.class).run(
                "--server.port=0",
                "--deepseaguard.data-dir=" + dataDir,
                "--deepseaguard.routes-dir=" + dataDir.resolve("routes"),
                "--deepseaguard.demo.enabled=false",
                "--deepseaguard.simulator.enabled=false",
                "--deepseaguard.engine.hysteresis.apei.exit-metres=200",
                "--deepseaguard.engine.hysteresis.contract_area.exit-fixes=3");
    }

    private static Http http(ConfigurableApplicationContext context) {
        return new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    private static void setUp(Http http) {
        assertThat(http.post("/api/v1/zones", "{\"type\":\"FeatureCollection\",\"features\":["
                + squareZone("Z-APEI", "apei", 100, 20, 1) + ","
                + squareZone("Z-CA", "contract_area", 110, 20, 1) + "]}").status()).isEqualTo(201);
        assertThat(http.post("/api/v1/rules", """
                [{"rule_id":"R-APEI","type":"restricted_zone","severity":"critical","zone_ids":["Z-APEI"]},
                 {"rule_id":"R-CA","type":"restricted_zone","severity":"warning","zone_ids":["Z-CA"]}]""").status())
                .isEqualTo(201);
    }

    @Test
    void aVehicleFlappingAcrossAnApeiBoundaryGetsOneEntryOneExitAndOneEpisode() {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        try (ConfigurableApplicationContext hub = start()) {
            Http http = http(hub);
            setUp(http);
            // the APEI's east edge is longitude 101: 20 times in and out (about 55 m either side) in 10 minutes
            List<String> fixes = new ArrayList<>();
            fixes.add(fix("AUV-FLAP", t0, 20.5, 101.0005, 2000));
            for (int i = 0; i < 20; i++) {
                fixes.add(fix("AUV-FLAP", t0.plusSeconds(15 + 30L * i), 20.5, 100.9995, 2000));
                fixes.add(fix("AUV-FLAP", t0.plusSeconds(30 + 30L * i), 20.5, 101.0005, 2000));
            }
            fixes.add(fix("AUV-FLAP", t0.plusSeconds(615), 20.5, 101.01, 2000));
            // half in one request, the rest one by one: pending exits cross batches
            assertThat(http.post("/api/v1/telemetry", "[" + String.join(",", fixes.subList(0, 21)) + "]").status())
                    .isEqualTo(202);
            for (String f : fixes.subList(21, fixes.size() - 1)) {
                assertThat(http.post("/api/v1/telemetry", f).status()).isEqualTo(202);
            }
            JsonNode pending = http.get("/api/v1/auvs/AUV-FLAP").json();
            assertThat(pending.get("current_zones").get(0).get("zone_id").asText()).isEqualTo("Z-APEI");
            assertThat(pending.get("current_zones").get(0).get("entry_time").asText())
                    .isEqualTo(t0.plusSeconds(15).toString());
            assertThat(http.post("/api/v1/telemetry", fixes.get(fixes.size() - 1)).status()).isEqualTo(202);

            JsonNode events = http.get("/api/v1/events?auv_id=AUV-FLAP").json();
            assertThat(events.get("total").asInt()).isEqualTo(2);
            JsonNode exit = events.get("events").get(0);
            assertThat(exit.get("type").asText()).isEqualTo("zone_exit");
            assertThat(exit.get("zone_id").asText()).isEqualTo("Z-APEI");
            assertThat(exit.get("timestamp").asText()).isEqualTo(t0.plusSeconds(600).toString());
            assertThat(exit.get("longitude").asDouble()).isEqualTo(101.0005);
            JsonNode entry = events.get("events").get(1);
            assertThat(entry.get("type").asText()).isEqualTo("zone_entry");
            assertThat(entry.get("timestamp").asText()).isEqualTo(t0.plusSeconds(15).toString());

            JsonNode violations = http.get("/api/v1/violations?auv_id=AUV-FLAP").json();
            assertThat(violations.get("total").asInt()).isEqualTo(1);
            JsonNode episode = violations.get("violations").get(0);
            assertThat(episode.get("rule_id").asText()).isEqualTo("R-APEI");
            assertThat(episode.get("status").asText()).isEqualTo("closed");
            assertThat(episode.get("started_at").asText()).isEqualTo(t0.plusSeconds(15).toString());
            assertThat(episode.get("last_seen_at").asText()).isEqualTo(t0.plusSeconds(585).toString());
            assertThat(episode.get("ended_at").asText()).isEqualTo(t0.plusSeconds(600).toString());
            assertThat(http.get("/api/v1/auvs/AUV-FLAP").json().get("current_zones")).isEmpty();
            assertThat(hub.getBean(JdbcTemplate.class).queryForObject(
                    "SELECT COUNT(*) FROM vehicle_zones WHERE auv_id = 'AUV-FLAP'", Integer.class)).isZero();
        }
    }

    @Test
    void aPendingExitSurvivesARestart() {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        try (ConfigurableApplicationContext first = start()) {
            Http http = http(first);
            setUp(http);
            // in the contract area (exit-fixes 3), then two fixes outside: the exit is pending
            http.post("/api/v1/telemetry", "[" + fix("AUV-HOLD", t0, 20.5, 110.5, 2000) + ","
                    + fix("AUV-HOLD", t0.plusSeconds(60), 20.5, 111.5, 2000) + "]");
            http.post("/api/v1/telemetry", fix("AUV-HOLD", t0.plusSeconds(120), 20.5, 111.6, 2100));
            assertThat(first.getBean(JdbcTemplate.class).queryForMap("SELECT exit_outside_since, exit_fixes_outside "
                    + "FROM vehicle_zones WHERE auv_id = 'AUV-HOLD' AND zone_id = 'Z-CA'").get("exit_fixes_outside"))
                    .isEqualTo(2);
        }

        try (ConfigurableApplicationContext second = start()) {
            Http http = http(second);
            JsonNode status = http.get("/api/v1/auvs/AUV-HOLD").json();
            assertThat(status.get("current_zones").get(0).get("zone_id").asText()).isEqualTo("Z-CA");
            assertThat(status.get("status").asText()).isEqualTo("violation");

            // the third fix outside confirms the exit, dated and placed at the first one
            http.post("/api/v1/telemetry", fix("AUV-HOLD", t0.plusSeconds(180), 20.5, 111.7, 2000));
            JsonNode exits = http.get("/api/v1/events?auv_id=AUV-HOLD&type=zone_exit").json();
            assertThat(exits.get("total").asInt()).isEqualTo(1);
            assertThat(exits.get("events").get(0).get("timestamp").asText()).isEqualTo(t0.plusSeconds(60).toString());
            assertThat(exits.get("events").get(0).get("longitude").asDouble()).isEqualTo(111.5);
            JsonNode episode = http.get("/api/v1/violations?auv_id=AUV-HOLD").json().get("violations").get(0);
            assertThat(episode.get("status").asText()).isEqualTo("closed");
            assertThat(episode.get("ended_at").asText()).isEqualTo(t0.plusSeconds(60).toString());
            assertThat(http.get("/api/v1/auvs/AUV-HOLD").json().get("current_zones")).isEmpty();
        }
    }
}
