package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.routes.RecentOutputs;
import org.deepseaguard.hub.simulator.DemoLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo over the real ISA zones (Source: International Seabed Authority): zones, rules and
 * fleet are loaded, the demo rules judge the simulated fleet only, the ISA files and the DESIGN's
 * R-APEI posted by a user replace the demo's own (a fix inside APEI-07 then gives a critical R-APEI
 * violation end to end), and the simulated fleet produces violations within a minute. The tests
 * run in order: the third replaces what the first checks.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"deepseaguard.demo.enabled=true", "deepseaguard.simulator.enabled=true",
                "deepseaguard.simulator.interval=PT1S"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoTest {

    private static final String[] DEMO_RULES = {"R-APEI", "R-UNAUTH", "R-DEPTH", "R-GAP", "R-SPEED", "R-PROX"};

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
    @Order(1)
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

        JsonNode rules = http.get("/api/v1/rules").json();
        assertThat(rules.findValuesAsText("rule_id")).contains(DEMO_RULES);
        List<String> fleet = IntStream.rangeClosed(1, 12).mapToObj(i -> "SIM-%03d".formatted(i)).toList();
        for (String ruleId : DEMO_RULES) {
            JsonNode rule = http.get("/api/v1/rules/" + ruleId).json();
            assertThat(rule.get("version").asInt()).isEqualTo(1);
            assertThat(texts(rule.get("auv_ids"))).as(ruleId).containsExactlyElementsOf(fleet);
        }
        assertThat(http.get("/api/v1/auvs").json().findValuesAsText("auv_id")).contains("SIM-001", "SIM-012");

        demoLoader.afterPropertiesSet();
        assertThat(http.get("/api/v1/zones").json().get("features")).hasSize(70);
        assertThat(http.get("/api/v1/zones/APEI-07").json().get("properties").get("version").asInt()).isEqualTo(1);
        assertThat(http.get("/api/v1/rules/R-APEI").json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void theDemoRulesLeaveOtherVehiclesAlone() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        // inside APEI-07, then (impossibly fast) in NORI D, a contract area it does not hold, below 6000 m
        Http.Response accepted = http.post("/api/v1/telemetry", "[" + """
                {"auv_id":"AUV-USER","timestamp":"%s","latitude":4.5,"longitude":-142.5,"depth":4800}""".formatted(t)
                + "," + """
                {"auv_id":"AUV-USER","timestamp":"%s","latitude":10.5,"longitude":-117.0,"depth":6500}"""
                .formatted(t.plusSeconds(10)) + "]");
        assertThat(accepted.json().get("accepted").asInt()).isEqualTo(2);

        assertThat(http.get("/api/v1/violations?auv_id=AUV-USER").json().get("total").asInt()).isZero();
        JsonNode status = http.get("/api/v1/auvs/AUV-USER").json();
        assertThat(status.get("status").asText()).isEqualTo("compliant");
        assertThat(status.get("current_zones").get(0).get("zone_id").asText()).isEqualTo("NORIPMN1X_D");
        JsonNode entries = http.get("/api/v1/events?auv_id=AUV-USER&type=zone_entry").json().get("events");
        assertThat(entries.findValuesAsText("zone_id")).containsExactly("NORIPMN1X_D", "APEI-07");
    }

    @Test
    @Order(3)
    void theIsaFilesAndTheDesignRuleReplaceTheDemosOwnAndAFixInApei07IsCritical() throws Exception {
        Http.Response apeis = http.post("/api/v1/zones/import?id_property=Remarks&zone_type=apei",
                resource("isa/isa_apeis_ccz.geojson"));
        assertThat(apeis.status()).isEqualTo(201);
        assertThat(apeis.json().get("status").asText()).isEqualTo("created");
        assertThat(texts(apeis.json().get("zone_ids"))).hasSize(13).contains("APEI-07");
        Http.Response areas = http.post("/api/v1/zones/import?id_property=AreaKey&contract_id_property=ContractID"
                + "&zone_type=contract_area", resource("isa/isa_ccz_nodule_contract_areas.geojson"));
        assertThat(areas.status()).isEqualTo(201);
        assertThat(areas.json().get("zone_ids")).hasSize(57);
        JsonNode apei07 = http.get("/api/v1/zones/APEI-07").json().get("properties");
        assertThat(apei07.get("version").asInt()).isEqualTo(2);
        assertThat(apei07.get("zone_type").asText()).isEqualTo("apei");
        assertThat(http.get("/api/v1/zones/NORIPMN1X_D").json().get("properties").get("contract_id").asText())
                .isEqualTo("NORIPMN1");
        assertThat(http.get("/api/v1/zones").json().get("features")).hasSize(70);

        // the DESIGN example, posted as it is, replaces the demo's R-APEI and judges every vehicle
        Http.Response rule = http.post("/api/v1/rules",
                "{\"rule_id\":\"R-APEI\",\"type\":\"restricted_zone\",\"severity\":\"critical\",\"zone_types\":[\"apei\"]}");
        assertThat(rule.status()).isEqualTo(201);
        assertThat(rule.json().get("rules").get(0).get("version").asInt()).isEqualTo(2);
        assertThat(rule.json().get("rules").get(0).get("auv_ids")).isEmpty();

        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        Http.Response accepted = http.post("/api/v1/telemetry", """
                {"auv_id":"AUV-E2E","timestamp":"%s","latitude":4.5,"longitude":-142.5,"depth":4800}""".formatted(t));
        assertThat(accepted.status()).isEqualTo(202);

        JsonNode violations = http.get("/api/v1/violations?auv_id=AUV-E2E").json();
        assertThat(violations.get("total").asInt()).isEqualTo(1);
        JsonNode v = violations.get("violations").get(0);
        assertThat(v.get("rule_id").asText()).isEqualTo("R-APEI");
        assertThat(v.get("zone_id").asText()).isEqualTo("APEI-07");
        assertThat(v.get("severity").asText()).isEqualTo("critical");
        assertThat(v.get("rule_type").asText()).isEqualTo("restricted_zone");
        assertThat(v.get("status").asText()).isEqualTo("open");
        assertThat(v.get("started_at").asText()).isEqualTo(t.toString());
        assertThat(v.get("zone_version").asInt()).isEqualTo(2);
        assertThat(v.get("rule_version").asInt()).isEqualTo(2);

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

        // a restart scopes a demo rule an earlier start stored unscoped, and leaves the user's R-APEI alone
        JsonNode unscoped = json.readTree(resource("demo/rules.json")).get(1);
        assertThat(unscoped.get("rule_id").asText()).isEqualTo("R-UNAUTH");
        assertThat(http.put("/api/v1/rules/R-UNAUTH", unscoped.toString()).json().get("auv_ids")).isEmpty();
        demoLoader.afterPropertiesSet();
        JsonNode rescoped = http.get("/api/v1/rules/R-UNAUTH").json();
        assertThat(rescoped.get("version").asInt()).isEqualTo(3);
        assertThat(texts(rescoped.get("auv_ids"))).hasSize(12).contains("SIM-001", "SIM-012");
        JsonNode users = http.get("/api/v1/rules/R-APEI").json();
        assertThat(users.get("version").asInt()).isEqualTo(2);
        assertThat(users.get("auv_ids")).isEmpty();
    }

    @Test
    @Order(4)
    void theSimulatedFleetShowsViolationsWithinAMinute() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                has("SIM-002", "R-APEI", "APEI-11") && has("SIM-005", "R-UNAUTH", "NORIPMN1X_D")
                        && has("SIM-003", "R-DEPTH", null) && has("SIM-006", "R-SPEED", null));
        assertThat(http.get("/api/v1/auvs/SIM-001").json().get("status").asText()).isEqualTo("compliant");
        assertThat(http.get("/api/v1/auvs/SIM-001").json().get("current_zones").get(0).get("zone_id").asText())
                .isEqualTo("NORIPMN1X_D");
    }

    private static String resource(String name) throws IOException {
        return new ClassPathResource(name).getContentAsString(StandardCharsets.UTF_8);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
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
