package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.deepseaguard.hub.HubTestSupport.fix;
import static org.deepseaguard.hub.HubTestSupport.squareZone;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.deepseaguard.hub.routes.RecentOutputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stop the hub and start it again on the same data dir: zones and rules (with their versions),
 * vehicles, violations, the vehicles' state and the open warning batch are all still there.
 */
class RestartTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start(String warningWindow) {
        return new SpringApplicationBuilder(DeepSeaGuardApplication.class).run(
                "--server.port=0",
                "--deepseaguard.data-dir=" + dataDir,
                "--deepseaguard.routes-dir=" + dataDir.resolve("routes"),
                "--deepseaguard.demo.enabled=false",
                "--deepseaguard.simulator.enabled=false",
                "--deepseaguard.warnings.window=" + warningWindow);
    }

    private static Http http(ConfigurableApplicationContext context) {
        return new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    @Test
    void everythingSurvivesARestart() {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        String violationId;
        try (ConfigurableApplicationContext first = start("PT1H")) {
            Http http = http(first);
            assertThat(http.post("/api/v1/zones", squareZone("Z-KEEP", "closed_area", 100, 20, 1)).status()).isEqualTo(201);
            assertThat(http.put("/api/v1/zones/Z-KEEP", squareZone("Z-KEEP", "closed_area", 100, 20, 2)).status())
                    .isEqualTo(200);
            assertThat(http.post("/api/v1/rules", """
                    [{"rule_id":"R-KEEP","type":"restricted_zone","severity":"critical","zone_ids":["Z-KEEP"]},
                     {"rule_id":"R-KEEP-DEPTH","type":"depth_limit","severity":"warning","max_depth":1000}]""").status())
                    .isEqualTo(201);
            assertThat(http.post("/api/v1/auvs", "{\"auv_id\":\"AUV-KEEP\",\"contract_ids\":[\"C-1\"]}").status())
                    .isEqualTo(201);
            http.post("/api/v1/telemetry", fix("AUV-KEEP", t0, 20.5, 100.5, 2000));
            JsonNode open = http.get("/api/v1/violations?auv_id=AUV-KEEP&rule_id=R-KEEP").json().get("violations");
            assertThat(open).hasSize(1);
            violationId = open.get(0).get("violation_id").asText();
            // the depth warning waits in the (persistent) one-hour batch
            assertThat(first.getBean(RecentOutputs.class).recent("warning_alerts")).isEmpty();
        }

        try (ConfigurableApplicationContext second = start("PT1S")) {
            Http http = http(second);
            JsonNode zone = http.get("/api/v1/zones/Z-KEEP").json();
            assertThat(zone.get("properties").get("version").asInt()).isEqualTo(2);
            assertThat(http.get("/api/v1/rules/R-KEEP").json().get("version").asInt()).isEqualTo(1);
            assertThat(http.get("/api/v1/rules").json()).hasSize(2);

            JsonNode violations = http.get("/api/v1/violations?auv_id=AUV-KEEP").json();
            assertThat(violations.get("total").asInt()).isEqualTo(2);
            JsonNode status = http.get("/api/v1/auvs/AUV-KEEP").json();
            assertThat(status.get("status").asText()).isEqualTo("violation");
            assertThat(status.get("current_zones").get(0).get("zone_id").asText()).isEqualTo("Z-KEEP");
            assertThat(status.get("current_zones").get(0).get("entry_time").asText()).isEqualTo(t0.toString());
            assertThat(http.get("/api/v1/zones/Z-KEEP/auvs").json().get("auvs").get(0).get("auv_id").asText())
                    .isEqualTo("AUV-KEEP");

            // the open episode continues: the next breaching fix does not open another
            http.post("/api/v1/telemetry", fix("AUV-KEEP", t0.plusSeconds(60), 20.6, 100.6, 500));
            JsonNode critical = http.get("/api/v1/violations?auv_id=AUV-KEEP&rule_id=R-KEEP").json();
            assertThat(critical.get("total").asInt()).isEqualTo(1);
            assertThat(critical.get("violations").get(0).get("violation_id").asText()).isEqualTo(violationId);
            assertThat(critical.get("violations").get(0).get("last_seen_at").asText())
                    .isEqualTo(t0.plusSeconds(60).toString());

            // the warning batched before the restart goes out in a digest
            RecentOutputs outputs = second.getBean(RecentOutputs.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> !outputs.recent("warning_alerts").isEmpty());
            assertThat(outputs.recent("warning_alerts").get(0).body()).contains("R-KEEP-DEPTH").contains("AUV-KEEP");
        }
    }
}
