package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.routes.RecentOutputs;
import org.deepseaguard.hub.simulator.DemoLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo over the real ISA zones (Source: International Seabed Authority): zones, rules and
 * fleet are loaded, the simulated fleet produces violations within a minute, and a fix inside
 * APEI-07 gives a critical R-APEI violation end to end.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"deepseaguard.demo.enabled=true", "deepseaguard.simulator.enabled=true",
                "deepseaguard.simulator.interval=PT1S"})
class DemoTest {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        try {
            String dir = Files.createTempDirectory("dsg-demo").toString();
            registry.add("deepseaguard.data-dir", () -> dir);
            registry.add("deepseaguard.routes-dir", () -> dir + "/routes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    RecentOutputs outputs;
    @Autowired
    DemoLoader demoLoader;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void theRealIsaZonesRulesAndFleetAreLoadedOnce() throws Exception {
        JsonNode apeis = http.get("/api/v1/zones?zone_type=apei").json().get("features");
        assertThat(apeis).hasSize(13);
        assertThat(apeis.findValuesAsText("zone_id")).contains("APEI-01", "APEI-07", "APEI-13");
        apeis.forEach(f -> assertThat(f.get("properties").get("source").asText())
                .startsWith("Source: International Seabed Authority"));
        JsonNode areas = http.get("/api/v1/zones?zone_type=contract_area").json().get("features");
        assertThat(areas).hasSize(57);
        JsonNode noriD = http.get("/api/v1/zones/NORIPMN1X_D").json().get("properties");
        assertThat(noriD.get("contract_id").asText()).isEqualTo("NORIPMN1");
        assertThat(noriD.get("source").asText()).startsWith("Source: International Seabed Authority");

        assertThat(http.get("/api/v1/rules").json().findValuesAsText("rule_id"))
                .contains("R-APEI", "R-UNAUTH", "R-DEPTH", "R-GAP", "R-SPEED", "R-PROX");
        assertThat(http.get("/api/v1/auvs").json().findValuesAsText("auv_id")).contains("SIM-001", "SIM-012");

        demoLoader.afterPropertiesSet();
        assertThat(http.get("/api/v1/zones").json().get("features")).hasSize(70);
        assertThat(http.get("/api/v1/zones/APEI-07").json().get("properties").get("version").asInt()).isEqualTo(1);
    }

    @Test
    void aFixInsideApei07IsACriticalViolationEndToEnd() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        Http.Response accepted = http.post("/api/v1/telemetry", """
                {"auv_id":"AUV-E2E","timestamp":"%s","latitude":4.5,"longitude":-142.5,"depth":4800}""".formatted(t));
        assertThat(accepted.status()).isEqualTo(202);

        JsonNode violations = http.get("/api/v1/violations?auv_id=AUV-E2E&rule_id=R-APEI").json();
        assertThat(violations.get("total").asInt()).isEqualTo(1);
        JsonNode v = violations.get("violations").get(0);
        assertThat(v.get("zone_id").asText()).isEqualTo("APEI-07");
        assertThat(v.get("severity").asText()).isEqualTo("critical");
        assertThat(v.get("rule_type").asText()).isEqualTo("restricted_zone");
        assertThat(v.get("status").asText()).isEqualTo("open");
        assertThat(v.get("started_at").asText()).isEqualTo(t.toString());

        JsonNode status = http.get("/api/v1/auvs/AUV-E2E").json();
        assertThat(status.get("status").asText()).isEqualTo("violation");
        assertThat(status.get("current_zones").get(0).get("zone_id").asText()).isEqualTo("APEI-07");
        assertThat(status.get("current_zones").get(0).get("zone_type").asText()).isEqualTo("apei");

        ObjectMapper json = new ObjectMapper();
        await().atMost(Duration.ofSeconds(10)).until(() -> outputs.recent("critical_alerts").stream()
                .anyMatch(i -> "AUV-E2E".equals(i.auvId())));
        RecentOutputs.Item alert = outputs.recent("critical_alerts").stream()
                .filter(i -> "AUV-E2E".equals(i.auvId())).findFirst().orElseThrow();
        JsonNode body = json.readTree(alert.body());
        assertThat(body.get("rule_id").asText()).isEqualTo("R-APEI");
        assertThat(body.get("zone_id").asText()).isEqualTo("APEI-07");
        assertThat(alert.severity()).isEqualTo("critical");
    }

    @Test
    void theSimulatedFleetShowsViolationsWithinAMinute() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                has("SIM-002", "R-APEI", "APEI-11") && has("SIM-005", "R-UNAUTH", "NORIPMN1X_D")
                        && has("SIM-003", "R-DEPTH", null) && has("SIM-006", "R-SPEED", null));
        assertThat(http.get("/api/v1/auvs/SIM-001").json().get("status").asText()).isEqualTo("compliant");
        assertThat(http.get("/api/v1/auvs/SIM-001").json().get("current_zones").get(0).get("zone_id").asText())
                .isEqualTo("NORIPMN1X_D");
    }

    private boolean has(String auv, String rule, String zone) {
        JsonNode v = http.get("/api/v1/violations?auv_id=" + auv + "&rule_id=" + rule).json().get("violations");
        for (JsonNode item : v) {
            if (zone == null || zone.equals(item.get("zone_id").asText())) {
                return true;
            }
        }
        return false;
    }
}
