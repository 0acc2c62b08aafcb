package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.deepseaguard.hub.HubTestSupport.squareZone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.alerts.AlertFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The route templates (issue 13; docs/yaml-routes.md "Templates") as an integrator uses them, from
 * YAML in the routes folder: {@code telemetry-from} with a JSONata mapping of a vendor's JSON (the
 * shipped example's mapping file) and with NDJSON; {@code alerts-to} making its subscription from
 * its filters, delivering the matching critical alerts to an HTTP endpoint, and taking the
 * subscription away with its file. The examples against the real NATS and Mosquitto:
 * IntegrationTemplatesIT.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "deepseaguard.demo.enabled=false",
                "deepseaguard.simulator.enabled=false",
                "deepseaguard.routes-reload-interval=PT0.2S",
                "deepseaguard.alerts.delivery.poll-interval=PT0.1S",
                "camel.main.name=deepseaguard-route-templates"
        })
class RouteTemplatesTest {

    static final WebhookReceiver RECEIVER = new WebhookReceiver();
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROUTES;

    static {
        try {
            ROUTES = Files.createTempDirectory("dsg-templates");
            Files.copy(Path.of("docs/examples/mqtt-vendor-telemetry.jsonata"), ROUTES.resolve("vendor.jsonata"));
            Files.writeString(ROUTES.resolve("vendor.camel.yaml"), """
                    - templatedRoute:
                        routeTemplateRef: telemetry-from
                        routeId: vendor-in
                        parameters:
                          - name: uri
                            value: direct:vendor-in
                          - name: source
                            value: vendor
                          - name: mapping
                            value: "file:{{deepseaguard.routes-dir}}/vendor.jsonata"
                    """);
            Files.writeString(ROUTES.resolve("ndjson.camel.yaml"), """
                    - templatedRoute:
                        routeTemplateRef: telemetry-from
                        routeId: ndjson-in
                        parameters:
                          - name: uri
                            value: direct:ndjson-in
                          - name: format
                            value: ndjson
                    """);
            Files.writeString(ROUTES.resolve("console.camel.yaml"), """
                    - templatedRoute:
                        routeTemplateRef: alerts-to
                        routeId: console-critical
                        parameters:
                          - name: name
                            value: console-critical
                          - name: uri
                            value: "http://127.0.0.1:%d/console"
                          - name: zone_types
                            value: apei
                    """.formatted(RECEIVER.port()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("dsg-templates-data");
        registry.add("deepseaguard.data-dir", data::toString);
        registry.add("deepseaguard.routes-dir", ROUTES::toString);
    }

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate producer;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void aVendorPayloadIsMappedAndAnNdjsonBatchIsTaken() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
        producer.sendBody("direct:vendor-in", """
                {"vehicle":{"serial":"HX-7"},"nav":{"lat":-12.25,"lon":-128.5,"depth_m":4100.5},"utc":"%s"}""".formatted(t));
        JsonNode auv = http.get("/api/v1/auvs/VENDOR-HX-7").json();
        assertThat(auv.at("/position/latitude").asDouble()).as(auv.toString()).isEqualTo(-12.25);
        assertThat(auv.at("/position/depth").asDouble()).isEqualTo(4100.5);
        assertThat(auv.get("last_update").asText()).isEqualTo(t.toString());

        producer.sendBody("direct:ndjson-in", """
                {"auv_id":"NDJ-1","timestamp":"%s","latitude":1.5,"longitude":2.5,"depth":10}
                {"auv_id":"NDJ-2","timestamp":"%s","latitude":1.5,"longitude":2.5,"depth":20}
                {"auv_id":"NDJ-3","timestamp":"%s","latitude":91.5,"longitude":2.5,"depth":20}
                """.formatted(t, t, t));
        assertThat(http.get("/api/v1/auvs/NDJ-1").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/auvs/NDJ-2").json().at("/position/depth").asDouble()).isEqualTo(20.0);
        // the refused line: the message is parked with its reason, nothing of it lost
        List<JsonNode> parked = new ArrayList<>();
        http.get("/api/v1/dead-letters").json().get("dead_letters").forEach(d -> {
            if ("ndjson-in".equals(d.get("route_id").asText())) {
                parked.add(d);
            }
        });
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).get("reason").asText()).contains("[2].latitude");
    }

    @Test
    void alertsToMakesItsSubscriptionAndDeliversTheMatchingAlerts() throws Exception {
        JsonNode subscription = http.get("/api/v1/subscriptions/console-critical").json();
        assertThat(subscription.get("origin").asText()).isEqualTo("template");
        assertThat(subscription.get("channel").asText()).isEqualTo("route");
        assertThat(subscription.get("target").asText()).isEqualTo("direct:alerts-to-console-critical");
        assertThat(subscription.get("zone_types")).extracting(JsonNode::asText).containsExactly("apei");
        assertThat(http.delete("/api/v1/subscriptions/console-critical").status()).as("managed by its route").isEqualTo(409);

        http.post("/api/v1/zones", squareZone("Z-TPL-APEI", "apei", 40, 10, 1));
        http.post("/api/v1/zones", squareZone("Z-TPL-CLOSED", "closed_area", 42, 10, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"R-TPL","type":"restricted_zone","severity":"critical","zone_ids":["Z-TPL-APEI","Z-TPL-CLOSED"]}""");
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        http.post("/api/v1/telemetry", HubTestSupport.fix("AUV-TPL-1", t, 10.5, 40.5, 3000));
        http.post("/api/v1/telemetry", HubTestSupport.fix("AUV-TPL-2", t, 10.5, 42.5, 3000));
        String apeiViolation = http.get("/api/v1/violations?auv_id=AUV-TPL-1").json().at("/violations/0/violation_id").asText();

        await().atMost(Duration.ofSeconds(20)).until(() -> !RECEIVER.to("/console").isEmpty());
        WebhookReceiver.Call call = RECEIVER.to("/console").get(0);
        JsonNode alert = JSON.readTree(call.body());
        assertThat(alert.get("alert_id").asText()).isEqualTo(AlertFactory.alertId(apeiViolation, "violation_opened"));
        assertThat(alert.get("zone_id").asText()).isEqualTo("Z-TPL-APEI");
        assertThat(call.deliveryId()).isEqualTo(AlertFactory.deliveryId(apeiViolation, "violation_opened", "console-critical"));
        // the closed area's alert does not pass zone_types apei: no delivery was written with it
        String closedViolation = http.get("/api/v1/violations?auv_id=AUV-TPL-2").json().at("/violations/0/violation_id").asText();
        assertThat(http.get("/api/v1/violations/" + closedViolation + "/deliveries").json().get("deliveries")).isEmpty();

        // the file goes, the route and its subscription go
        Files.delete(ROUTES.resolve("console.camel.yaml"));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/subscriptions/console-critical").status() == 404);
    }
}
