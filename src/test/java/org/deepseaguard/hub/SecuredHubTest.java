package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.deepseaguard.hub.HubTestSupport.ago;
import static org.deepseaguard.hub.HubTestSupport.fix;
import static org.deepseaguard.hub.HubTestSupport.squareZone;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.alerts.AlertFactory;
import org.deepseaguard.hub.api.ApiKeyFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertySource;

/**
 * API keys and roles (DESIGN section 6), and critical alerts POSTed to a webhook (a local HTTP server)
 * configured the legacy way ({@code deepseaguard.alerts.webhooks[n]}, turned into subscriptions at
 * start). Fast delivery back-off (50 ms doubling to 200 ms, 3 attempts).
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"deepseaguard.demo.enabled=false", "deepseaguard.simulator.enabled=false",
                "deepseaguard.alerts.delivery.poll-interval=PT0.1S",
                "deepseaguard.alerts.delivery.first-retry-delay=PT0.05S",
                "deepseaguard.alerts.delivery.max-retry-delay=PT0.2S",
                "deepseaguard.alerts.delivery.max-attempts=3"})
class SecuredHubTest {

    record Delivery(String body, String auvId, String eventType, String deliveryId, String signature) {
    }

    static final List<Delivery> DELIVERED = new CopyOnWriteArrayList<>();
    static final HttpServer WEBHOOK;

    static {
        try {
            WEBHOOK = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WEBHOOK.createContext("/hook", exchange -> {
                DELIVERED.add(new Delivery(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("auv_id"), exchange.getRequestHeaders().getFirst("event_type"),
                        exchange.getRequestHeaders().getFirst("X-DeepSeaGuard-Delivery"),
                        exchange.getRequestHeaders().getFirst("X-DeepSeaGuard-Signature")));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            WEBHOOK.createContext("/broken", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            });
            WEBHOOK.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        registry.add("deepseaguard.data-dir", () -> tempDir());
        registry.add("deepseaguard.security.api-keys[0]", () -> ApiKeyFilter.sha256("ingest-secret") + ":ingest");
        registry.add("deepseaguard.security.api-keys[1]", () -> ApiKeyFilter.sha256("auditor-secret") + ":auditor");
        registry.add("deepseaguard.security.api-keys[2]", () -> ApiKeyFilter.sha256("admin-secret") + ":admin");
        registry.add("deepseaguard.security.api-keys[3]", () -> ApiKeyFilter.sha256("operator-secret") + ":operator");
        registry.add("deepseaguard.security.api-keys[4]", () -> ApiKeyFilter.sha256("officer-secret") + ":operator:duty-officer");
        registry.add("deepseaguard.alerts.webhooks[0]",
                () -> "http://127.0.0.1:" + WEBHOOK.getAddress().getPort() + "/hook");
        registry.add("deepseaguard.alerts.webhooks[1]",
                () -> "http://127.0.0.1:" + WEBHOOK.getAddress().getPort() + "/broken");
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("dsg-secured").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopWebhook() {
        WEBHOOK.stop(0);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Http as(String key) {
        return new Http(port, Map.of("X-API-Key", key));
    }

    @Test
    void keysAreCheckedAndRolesLimitWhatTheyMayDo() {
        Http.Response anonymous = new Http(port).get("/api/v1/zones");
        assertProblem(anonymous, 401);
        assertProblem(as("guess").get("/api/v1/zones"), 401);

        assertProblem(as("ingest-secret").get("/api/v1/zones"), 403);
        assertThat(as("ingest-secret").post("/api/v1/telemetry", fix("AUV-S1", ago(10), 1, 1, 1)).status()).isEqualTo(202);

        assertThat(as("auditor-secret").get("/api/v1/violations").status()).isEqualTo(200);
        assertThat(as("operator-secret").get("/api/v1/auvs/AUV-S1").status()).isEqualTo(200);
        Http.Response forbidden = as("auditor-secret").post("/api/v1/zones", squareZone("Z-S0", "custom", 1, 1, 1));
        assertProblem(forbidden, 403);
        assertProblem(as("operator-secret").post("/api/v1/telemetry", fix("AUV-S1", ago(5), 1, 1, 1)), 403);

        assertThat(as("admin-secret").post("/api/v1/zones", squareZone("Z-S0", "custom", 1, 1, 1)).status()).isEqualTo(201);
        assertThat(as("admin-secret").delete("/api/v1/zones/Z-S0").status()).isEqualTo(204);

        // evidence packages: auditors and admins only
        String evidence = "/api/v1/evidence?auv_id=AUV-S1&from=" + ago(3600) + "&to=" + ago(0);
        assertProblem(as("operator-secret").get(evidence), 403);
        assertProblem(as("ingest-secret").get(evidence), 403);
        assertThat(as("auditor-secret").get(evidence).status()).isEqualTo(200);
        assertThat(as("admin-secret").get(evidence).status()).isEqualTo(200);
    }

    @Test
    void criticalAlertsArePostedToTheWebhook() throws Exception {
        Http admin = as("admin-secret");
        admin.post("/api/v1/zones", squareZone("Z-HOOK", "closed_area", 80, 40, 1));
        admin.post("/api/v1/rules", """
                {"rule_id":"R-HOOK","type":"restricted_zone","severity":"critical","zone_ids":["Z-HOOK"]}""");
        Instant t = ago(60);
        as("ingest-secret").post("/api/v1/telemetry", fix("AUV-HOOK", t, 40.5, 80.5, 3000));

        await().atMost(Duration.ofSeconds(15)).until(() -> DELIVERED.stream().anyMatch(d -> "AUV-HOOK".equals(d.auvId())));
        Delivery delivery = DELIVERED.stream().filter(d -> "AUV-HOOK".equals(d.auvId())).findFirst().orElseThrow();
        assertThat(delivery.eventType()).isEqualTo("violation_opened");
        JsonNode alert = new ObjectMapper().readTree(delivery.body());
        assertThat(alert.get("rule_id").asText()).isEqualTo("R-HOOK");
        assertThat(alert.get("zone_id").asText()).isEqualTo("Z-HOOK");
        assertThat(alert.get("violation").get("started_at").asText()).isEqualTo(t.toString());
        assertThat(DELIVERED.stream().filter(d -> "AUV-HOOK".equals(d.auvId()))).hasSize(1);
        // a legacy webhook is subscription config-webhook-1: its delivery id, no secret so no signature
        String violationId = alert.get("violation").get("violation_id").asText();
        assertThat(delivery.deliveryId()).isEqualTo(AlertFactory.deliveryId(violationId, "violation_opened", "config-webhook-1"));
        assertThat(delivery.signature()).isNull();

        // the broken webhook (config-webhook-2): retried with back-off, then parked with the reason, never dropped
        String parkedRow = "SELECT reason, payload FROM dead_letters WHERE route_id = 'alerts-deliver' AND payload LIKE '%AUV-HOOK%'";
        await().atMost(Duration.ofSeconds(30)).until(() -> !jdbc.queryForList(parkedRow).isEmpty());
        Map<String, Object> parked = jdbc.queryForMap(parkedRow);
        assertThat(parked.get("reason").toString()).contains("500");
        assertThat(parked.get("payload").toString()).contains("R-HOOK").contains("config-webhook-2");
        assertThat(DELIVERED.stream().filter(d -> "AUV-HOOK".equals(d.auvId()))).hasSize(1);
        JsonNode log = as("auditor-secret").get("/api/v1/violations/" + violationId + "/deliveries").json().get("deliveries");
        assertThat(log).hasSize(2);
        for (JsonNode d : log) {
            boolean broken = d.get("subscription_id").asText().equals("config-webhook-2");
            assertThat(d.get("status").asText()).isEqualTo(broken ? "failed" : "delivered");
            assertThat(d.get("attempts")).hasSize(broken ? 3 : 1);
        }
    }

    @Test
    void operatorsAndAdminsManageSubscriptionsAuditorsReadThem() {
        String body = """
                {"subscription_id":"ops-roles","channel":"webhook","target":"http://127.0.0.1:%d/hook",
                 "secret":"roles-secret-0000000001","auv_ids":["AUV-ROLES"]}""".formatted(WEBHOOK.getAddress().getPort());
        assertProblem(as("auditor-secret").post("/api/v1/subscriptions", body), 403);
        assertProblem(as("ingest-secret").post("/api/v1/subscriptions", body), 403);
        assertProblem(new Http(port).post("/api/v1/subscriptions", body), 401);
        Http.Response created = as("officer-secret").post("/api/v1/subscriptions", body);
        assertThat(created.status()).isEqualTo(201);

        Http.Response read = as("auditor-secret").get("/api/v1/subscriptions/ops-roles");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("secret_set").asBoolean()).isTrue();
        assertThat(read.text()).doesNotContain("roles-secret-0000000001");
        assertProblem(as("ingest-secret").get("/api/v1/subscriptions"), 403);
        assertThat(as("operator-secret").get("/api/v1/subscriptions").json()).anySatisfy(
                s -> assertThat(s.get("subscription_id").asText()).isEqualTo("ops-roles"));
        // the legacy webhooks are subscriptions of origin config, not changed through the API
        assertThat(as("auditor-secret").get("/api/v1/subscriptions/config-webhook-1").json().get("origin").asText())
                .isEqualTo("config");
        assertProblem(as("admin-secret").delete("/api/v1/subscriptions/config-webhook-1"), 409);

        assertProblem(as("auditor-secret").put("/api/v1/subscriptions/ops-roles", body), 403);
        assertThat(as("operator-secret").put("/api/v1/subscriptions/ops-roles", body).status()).isEqualTo(200);
        assertProblem(as("auditor-secret").delete("/api/v1/subscriptions/ops-roles"), 403);
        assertThat(as("admin-secret").delete("/api/v1/subscriptions/ops-roles").status()).isEqualTo(204);

        // each change audited under the key that made it
        JsonNode created2 = as("auditor-secret").get("/api/v1/audit?kind=subscription_created").json().get("entries");
        assertThat(created2).filteredOn(e -> e.at("/payload/subscription/subscription_id").asText().equals("ops-roles"))
                .singleElement().satisfies(e -> assertThat(e.get("actor").asText()).isEqualTo("duty-officer"));
    }

    @Test
    void anOperatorAcknowledgesAViolationOnceAndTheFirstAcknowledgementStands() {
        Http admin = as("admin-secret");
        admin.post("/api/v1/zones", squareZone("Z-ACK", "closed_area", 70, 40, 1));
        admin.post("/api/v1/rules", """
                {"rule_id":"R-ACK","type":"restricted_zone","severity":"critical","zone_ids":["Z-ACK"]}""");
        assertThat(as("ingest-secret").post("/api/v1/telemetry", fix("AUV-ACK", ago(30), 40.5, 70.5, 3000)).status())
                .isEqualTo(202);
        JsonNode listed = admin.get("/api/v1/violations?auv_id=AUV-ACK").json().get("violations");
        assertThat(listed).hasSize(1);
        String id = listed.get(0).get("violation_id").asText();
        assertThat(listed.get(0).has("acknowledgement")).as("not acknowledged yet").isFalse();
        String ack = "/api/v1/violations/" + id + "/ack";

        assertProblem(as("auditor-secret").post(ack, "{}"), 403);
        assertProblem(as("ingest-secret").post(ack, "{}"), 403);
        assertProblem(new Http(port).post(ack, "{}"), 401);
        assertProblem(as("officer-secret").post(ack, "note=x", "application/x-www-form-urlencoded"), 415);
        assertProblem(as("officer-secret").post(ack, "{\"note\":42}"), 400);
        assertProblem(as("officer-secret").post("/api/v1/violations/no-such-violation/ack", "{}"), 404);

        Http.Response first = as("officer-secret").post(ack, "{\"note\":\"ROV pilot told, leaving the area\"}");
        assertThat(first.status()).isEqualTo(200);
        JsonNode acknowledged = first.json();
        assertThat(acknowledged.get("violation_id").asText()).isEqualTo(id);
        assertThat(acknowledged.get("rule_id").asText()).isEqualTo("R-ACK");
        assertThat(acknowledged.get("status").asText()).isEqualTo("open");
        JsonNode by = acknowledged.get("acknowledgement");
        assertThat(by.get("acknowledged_by").asText()).isEqualTo("duty-officer");
        assertThat(by.get("role").asText()).isEqualTo("operator");
        assertThat(by.get("note").asText()).isEqualTo("ROV pilot told, leaving the area");
        Instant at = Instant.parse(by.get("acknowledged_at").asText());
        assertThat(at).isBetween(Instant.now().minusSeconds(60), Instant.now());

        // idempotent: a second acknowledgement (another key, another note, no body) changes nothing
        Http.Response again = admin.post(ack, "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("acknowledgement")).isEqualTo(by);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM violation_acknowledgements WHERE violation_id = ?",
                Integer.class, id)).isEqualTo(1);
        JsonNode listedAfter = as("auditor-secret").get("/api/v1/violations?auv_id=AUV-ACK").json().get("violations").get(0);
        assertThat(listedAfter.get("acknowledgement")).isEqualTo(by);

        // audited once, under the key's name, in the acknowledgement's transaction
        JsonNode audited = as("auditor-secret").get("/api/v1/audit?kind=violation_acknowledged").json().get("entries");
        assertThat(audited).filteredOn(e -> e.at("/payload/violation_id").asText().equals(id)).singleElement()
                .satisfies(e -> {
                    assertThat(e.get("actor").asText()).isEqualTo("duty-officer");
                    assertThat(e.get("actor_role").asText()).isEqualTo("operator");
                    assertThat(e.at("/payload/acknowledgement/note").asText()).isEqualTo("ROV pilot told, leaving the area");
                });

        // the live map learns from /status whether to offer the button
        assertThat(as("officer-secret").get("/api/v1/status").json().get("caller").get("may_acknowledge").asBoolean()).isTrue();
        JsonNode auditor = as("auditor-secret").get("/api/v1/status").json().get("caller");
        assertThat(auditor.get("may_acknowledge").asBoolean()).isFalse();
        assertThat(auditor.get("role").asText()).isEqualTo("auditor");
    }
}
