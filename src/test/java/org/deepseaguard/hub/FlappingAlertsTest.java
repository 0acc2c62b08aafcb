package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.deepseaguard.hub.HubTestSupport.fix;
import static org.deepseaguard.hub.HubTestSupport.squareZone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.alerts.AlertFactory;
import org.deepseaguard.hub.routes.RecentOutputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Flapping (issue 11; docs/alerts.md "Flapping") and alerts into an integrator's YAML route
 * ("Alerts into your own routes"): with a minimum interval of 10 minutes between alerts per
 * vehicle, rule and zone, a vehicle crossing a closed area's boundary 20 times in 10 minutes opens 20
 * episodes (all stored) but makes one opening and one closing alert, on the critical_alerts output,
 * to a webhook subscription and to a route subscription alike; the 38 alerts held back are counted
 * in the warning digest; after the interval the next crossing is alerted again. The route
 * subscription's YAML route (loaded from the routes folder) forwards what it gets to a local HTTP
 * receiver, and the built-in output keeps every alert it had.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "deepseaguard.demo.enabled=false",
                "deepseaguard.simulator.enabled=false",
                "deepseaguard.warnings.window=PT2S",
                "deepseaguard.alerts.flapping.min-interval=PT10M",
                "deepseaguard.alerts.delivery.poll-interval=PT0.1S",
                "camel.main.name=deepseaguard-flapping"
        })
class FlappingAlertsTest {

    static final WebhookReceiver RECEIVER = new WebhookReceiver();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "flapping-hook-secret-01";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("dsg-flapping");
        Path routes = Files.createTempDirectory("dsg-flapping-routes");
        // an integrator's route, as docs/alerts.md shows it: what the hub hands it goes to its console
        Files.writeString(routes.resolve("console.camel.yaml"), """
                - route:
                    id: flapping-console
                    from:
                      uri: direct:flapping-console
                      steps:
                        - setHeader:
                            name: forwarded_by
                            constant: console-route
                        - to:
                            uri: "http://127.0.0.1:%d/console"
                """.formatted(RECEIVER.port()));
        registry.add("deepseaguard.data-dir", data::toString);
        registry.add("deepseaguard.routes-dir", routes::toString);
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RecentOutputs outputs;
    @Autowired
    MeterRegistry meters;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void twentyCrossingsInTenMinutesMakeOneOpeningAndOneClosingAlertAndTheDigestCountsTheRest() throws Exception {
        RECEIVER.secret("/ops", SECRET).secret("/digest", SECRET);
        assertThat(http.post("/api/v1/subscriptions", """
                {"subscription_id":"flap-ops","channel":"webhook","target":"%s","secret":"%s","min_severity":"critical"}"""
                .formatted(RECEIVER.url("/ops"), SECRET)).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/subscriptions", """
                {"subscription_id":"flap-console","channel":"route","target":"direct:flapping-console","min_severity":"critical"}""")
                .status()).isEqualTo(201);
        assertThat(http.post("/api/v1/subscriptions", """
                {"subscription_id":"flap-digest","channel":"webhook","target":"%s","secret":"%s","mode":"digest"}"""
                .formatted(RECEIVER.url("/digest"), SECRET)).status()).isEqualTo(201);
        http.post("/api/v1/zones", squareZone("Z-FLAP", "closed_area", 70, 10, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"R-FLAP","type":"restricted_zone","severity":"critical","zone_ids":["Z-FLAP"]}""");

        // 40 fixes 15 s apart, alternately ~50 m inside and ~50 m outside the eastern edge: 20 entries
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(40));
        for (int i = 0; i < 40; i++) {
            double lon = i % 2 == 0 ? 70.9995 : 71.0005;
            assertThat(http.post("/api/v1/telemetry", fix("AUV-FLAP", t0.plusSeconds(15L * i), 10.5, lon, 3000)).status())
                    .isEqualTo(202);
        }

        JsonNode stored = http.get("/api/v1/violations?auv_id=AUV-FLAP&limit=1000").json();
        assertThat(stored.get("total").asInt()).as("every episode is stored").isEqualTo(20);
        String first = null;
        for (JsonNode v : stored.get("violations")) {
            if (v.get("started_at").asText().equals(t0.toString())) {
                first = v.get("violation_id").asText();
            }
        }
        assertThat(first).as("the first episode").isNotNull();
        String firstId = first;

        // the digest(s) of the windows the crossings fell in count the 38 alerts held back
        await().atMost(Duration.ofSeconds(20)).until(() -> heldBackAlerts(bodies(RECEIVER.to("/digest"))) == 38);
        List<JsonNode> held = heldBackOf(bodies(RECEIVER.to("/digest")));
        assertThat(held).allSatisfy(h -> {
            assertThat(h.get("auv_id").asText()).isEqualTo("AUV-FLAP");
            assertThat(h.get("rule_id").asText()).isEqualTo("R-FLAP");
            assertThat(h.get("zone_id").asText()).isEqualTo("Z-FLAP");
            assertThat(h.get("severity").asText()).isEqualTo("critical");
        });
        // an episode's opening and closing may fall in two windows (then both digests name it)
        Set<String> heldIds = new TreeSet<>();
        held.forEach(h -> h.get("violation_ids").forEach(id -> heldIds.add(id.asText())));
        assertThat(heldIds).hasSize(19).doesNotContain(firstId);
        assertThat(RECEIVER.to("/digest")).allSatisfy(c -> assertThat(c.signatureValid()).isTrue());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM alert_holds WHERE auv_id = 'AUV-FLAP'", Integer.class))
                .isEqualTo(38);
        // the same count on the warning_alerts output
        assertThat(heldBackAlerts(outputs.recent("warning_alerts").stream().map(RecentOutputs.Item::body).toList()))
                .isEqualTo(38);

        // alerted: the first episode's opening and closing, on every way out, and nothing else
        await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVER.to("/ops").size() >= 2 && RECEIVER.to("/console").size() >= 2);
        assertThat(RECEIVER.to("/ops")).extracting(WebhookReceiver.Call::deliveryId).containsExactlyInAnyOrder(
                AlertFactory.deliveryId(firstId, "violation_opened", "flap-ops"),
                AlertFactory.deliveryId(firstId, "violation_closed", "flap-ops"));
        assertThat(RECEIVER.to("/ops")).allSatisfy(c -> assertThat(c.signatureValid()).isTrue());
        assertThat(alertIds(bodies(RECEIVER.to("/console")))).containsExactlyInAnyOrder(
                AlertFactory.alertId(firstId, "violation_opened"), AlertFactory.alertId(firstId, "violation_closed"));
        assertThat(RECEIVER.to("/console")).extracting(WebhookReceiver.Call::deliveryId).containsExactlyInAnyOrder(
                AlertFactory.deliveryId(firstId, "violation_opened", "flap-console"),
                AlertFactory.deliveryId(firstId, "violation_closed", "flap-console"));
        assertThat(RECEIVER.to("/console")).extracting(WebhookReceiver.Call::auvId).containsOnly("AUV-FLAP");
        List<String> critical = criticalAlertsOf("AUV-FLAP");
        assertThat(alertIds(critical)).as("critical_alerts keeps its own copy").containsExactlyInAnyOrder(
                AlertFactory.alertId(firstId, "violation_opened"), AlertFactory.alertId(firstId, "violation_closed"));

        // more than 10 minutes after the last alert (the first closing, t0 + 15 s): alerted again
        Instant later = t0.plusSeconds(15 + 600 + 15 * 2);
        assertThat(http.post("/api/v1/telemetry", fix("AUV-FLAP", later, 10.5, 70.9995, 3000)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVER.to("/ops").size() == 3);
        JsonNode again = JSON.readTree(RECEIVER.to("/ops").stream()
                .filter(c -> "violation_opened".equals(c.eventType()) && !c.body().contains(firstId)).findFirst().orElseThrow().body());
        assertThat(again.at("/violation/started_at").asText()).isEqualTo(later.toString());
        assertThat(criticalAlertsOf("AUV-FLAP")).hasSize(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVER.to("/console").size() == 3);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(meters.get("deepseaguard.alerts.deliveries")
                .tag("channel", "route").tag("outcome", "delivered").counter().count()).isEqualTo(3.0));
    }

    private List<String> criticalAlertsOf(String auvId) {
        return outputs.recent("critical_alerts").stream().filter(i -> auvId.equals(i.auvId())).map(RecentOutputs.Item::body).toList();
    }

    private static List<String> alertIds(List<String> bodies) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String body : bodies) {
            ids.add(JSON.readTree(body).get("alert_id").asText());
        }
        return ids;
    }

    private static List<String> bodies(List<WebhookReceiver.Call> calls) {
        return calls.stream().map(WebhookReceiver.Call::body).toList();
    }

    /** The alerts of AUV-FLAP held back, summed over the digests. */
    private static int heldBackAlerts(List<String> digests) {
        return heldBackOf(digests).stream().filter(h -> "AUV-FLAP".equals(h.get("auv_id").asText()))
                .mapToInt(h -> h.get("alerts").asInt()).sum();
    }

    private static List<JsonNode> heldBackOf(List<String> digests) {
        List<JsonNode> held = new ArrayList<>();
        for (String body : digests) {
            try {
                JSON.readTree(body).path("held_back").forEach(held::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return held;
    }
}
