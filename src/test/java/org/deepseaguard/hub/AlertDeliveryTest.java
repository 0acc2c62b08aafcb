package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.deepseaguard.hub.HubTestSupport.ago;
import static org.deepseaguard.hub.HubTestSupport.fix;
import static org.deepseaguard.hub.HubTestSupport.squareZone;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.alerts.AlertFactory;
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
 * Alert delivery through the outbox (issue 11; docs/messaging.md "Alert outbox", docs/alerts.md)
 * against a local webhook receiver that checks every signature itself: retries keep the delivery id,
 * every attempt is in the delivery log, a delivery that never goes through is parked, audited and
 * replayable, subscriptions are validated (allow-list, secret) and filter who is told, and a secret
 * is never answered. Its own context: fast back-off (100 ms doubling to 400 ms, 5 attempts), an
 * allow-list of {@code https://ops.example/*} besides loopback.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "deepseaguard.demo.enabled=false",
                "deepseaguard.simulator.enabled=false",
                "deepseaguard.warnings.window=PT2S",
                "deepseaguard.alerts.webhook-allow-list[0]=https://ops.example/*",
                "deepseaguard.alerts.delivery.poll-interval=PT0.1S",
                "deepseaguard.alerts.delivery.first-retry-delay=PT0.1S",
                "deepseaguard.alerts.delivery.backoff-multiplier=2",
                "deepseaguard.alerts.delivery.max-retry-delay=PT0.4S",
                "deepseaguard.alerts.delivery.max-attempts=5",
                "deepseaguard.alerts.escalation.delay=PT2S",
                "deepseaguard.alerts.escalation.check-interval=PT0.2S",
                "camel.main.name=deepseaguard-alert-delivery"
        })
class AlertDeliveryTest {

    static final WebhookReceiver RECEIVER = new WebhookReceiver();
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("deepseaguard.data-dir", () -> {
            try {
                return Files.createTempDirectory("dsg-delivery").toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void aFailingWebhookGetsTheSameSignedAlertUntilItAnswersAndEveryAttemptIsLogged() throws Exception {
        String secret = "flaky-hook-secret-0001";
        RECEIVER.secret("/flaky", secret).failFirst("/flaky", 3);
        assertThat(http.post("/api/v1/subscriptions", """
                {"subscription_id":"ops-flaky","channel":"webhook","target":"%s","secret":"%s",
                 "min_severity":"critical","zone_ids":["Z-FLAKY"]}""".formatted(RECEIVER.url("/flaky"), secret)).status())
                .isEqualTo(201);
        http.post("/api/v1/zones", squareZone("Z-FLAKY", "closed_area", 60, 10, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"R-FLAKY","type":"restricted_zone","severity":"critical","zone_ids":["Z-FLAKY"]}""");
        Instant t = ago(60);
        assertThat(http.post("/api/v1/telemetry", fix("AUV-FLAKY", t, 10.5, 60.5, 3000)).status()).isEqualTo(202);
        String violationId = violationOf("AUV-FLAKY");
        String deliveryId = AlertFactory.deliveryId(violationId, "violation_opened", "ops-flaky");

        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(deliveryStatus(violationId, deliveryId)));

        List<WebhookReceiver.Call> calls = RECEIVER.to("/flaky");
        assertThat(calls).hasSize(4);
        assertThat(calls).extracting(WebhookReceiver.Call::answered).containsExactly(500, 500, 500, 200);
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.deliveryId()).isEqualTo(deliveryId);
            assertThat(c.signatureValid()).as("signature of %s", c).isTrue();
            assertThat(Long.parseLong(c.timestamp())).isBetween(Instant.now().minusSeconds(300).getEpochSecond(),
                    Instant.now().getEpochSecond());
            assertThat(c.eventType()).isEqualTo("violation_opened");
            assertThat(c.auvId()).isEqualTo("AUV-FLAKY");
            assertThat(c.body()).isEqualTo(calls.get(0).body());
        });
        JsonNode alert = JSON.readTree(calls.get(3).body());
        assertThat(alert.get("alert_id").asText()).isEqualTo(AlertFactory.alertId(violationId, "violation_opened"));
        assertThat(alert.get("event_type").asText()).isEqualTo("violation_opened");
        assertThat(alert.get("rule_id").asText()).isEqualTo("R-FLAKY");
        assertThat(alert.get("zone_id").asText()).isEqualTo("Z-FLAKY");
        assertThat(alert.at("/violation/violation_id").asText()).isEqualTo(violationId);
        assertThat(alert.at("/violation/started_at").asText()).isEqualTo(t.toString());

        JsonNode log = http.get("/api/v1/violations/" + violationId + "/deliveries").json();
        assertThat(log.get("violation_id").asText()).isEqualTo(violationId);
        JsonNode delivery = single(log.get("deliveries"), deliveryId);
        assertThat(delivery.get("subscription_id").asText()).isEqualTo("ops-flaky");
        assertThat(delivery.get("channel").asText()).isEqualTo("webhook");
        assertThat(delivery.get("target").asText()).isEqualTo(RECEIVER.url("/flaky"));
        assertThat(delivery.get("transition").asText()).isEqualTo("violation_opened");
        assertThat(delivery.get("status").asText()).isEqualTo("delivered");
        JsonNode attempts = delivery.get("attempts");
        assertThat(attempts).hasSize(4);
        assertThat(texts(attempts, "outcome")).containsExactly("failed", "failed", "failed", "delivered");
        assertThat(texts(attempts, "status_code")).containsExactly("500", "500", "500", "200");
        for (int i = 0; i < 3; i++) {
            assertThat(attempts.get(i).get("reason").asText()).contains("500");
        }
        assertThat(attempts.get(3).get("reason").isNull()).isTrue();
        for (int i = 1; i < 4; i++) {
            assertThat(Instant.parse(attempts.get(i).get("at").asText()))
                    .isAfter(Instant.parse(attempts.get(i - 1).get("at").asText()));
        }

        // the final outcome is audited once
        JsonNode audited = http.get("/api/v1/audit?kind=alert_delivered&limit=1000").json().get("entries");
        assertThat(audited).filteredOn(e -> e.at("/payload/delivery_id").asText().equals(deliveryId)).singleElement()
                .satisfies(e -> {
                    assertThat(e.get("actor").asText()).isEqualTo("hub");
                    assertThat(e.at("/payload/attempts").asInt()).isEqualTo(4);
                    assertThat(e.at("/payload/status_code").asInt()).isEqualTo(200);
                    assertThat(e.at("/payload/violation_id").asText()).isEqualTo(violationId);
                });
    }

    @Test
    void aDeliveryThatNeverGoesThroughIsParkedAuditedAndReplayable() throws Exception {
        String secret = "down-hook-secret-00002";
        RECEIVER.secret("/down", secret).failFirst("/down", 5);
        http.post("/api/v1/subscriptions", """
                {"subscription_id":"ops-down","channel":"webhook","target":"%s","secret":"%s","auv_ids":["AUV-DOWN"]}"""
                .formatted(RECEIVER.url("/down"), secret));
        http.post("/api/v1/zones", squareZone("Z-DOWN", "closed_area", 62, 12, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"R-DOWN","type":"restricted_zone","severity":"critical","zone_ids":["Z-DOWN"]}""");
        http.post("/api/v1/telemetry", fix("AUV-DOWN", ago(60), 12.5, 62.5, 3000));
        String violationId = violationOf("AUV-DOWN");
        String deliveryId = AlertFactory.deliveryId(violationId, "violation_opened", "ops-down");

        // five attempts (the maximum), then failed and parked with the alert, replayable
        String parked = "SELECT id, reason, payload, replay_endpoint FROM dead_letters WHERE route_id = 'alerts-deliver'"
                + " AND payload LIKE '%" + deliveryId + "%'";
        await().atMost(Duration.ofSeconds(20)).until(() -> !jdbc.queryForList(parked).isEmpty());
        Map<String, Object> row = jdbc.queryForMap(parked);
        assertThat(row.get("reason").toString()).contains("HTTP 500");
        assertThat(row.get("replay_endpoint").toString()).isEqualTo("direct:alerts-redeliver");
        JsonNode payload = JSON.readTree(row.get("payload").toString());
        assertThat(payload.get("delivery_id").asText()).isEqualTo(deliveryId);
        assertThat(payload.at("/alert/violation/violation_id").asText()).isEqualTo(violationId);
        JsonNode failed = single(http.get("/api/v1/violations/" + violationId + "/deliveries").json().get("deliveries"),
                deliveryId);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(texts(failed.get("attempts"), "outcome")).containsExactly("failed", "failed", "failed", "failed", "failed");
        JsonNode gaveUp = http.get("/api/v1/audit?kind=alert_failed&limit=1000").json().get("entries");
        assertThat(gaveUp).filteredOn(e -> e.at("/payload/delivery_id").asText().equals(deliveryId)).singleElement()
                .satisfies(e -> assertThat(e.at("/payload/attempts").asInt()).isEqualTo(5));
        assertThat(RECEIVER.to("/down")).hasSize(5);

        // the receiver is fixed: a replay puts the delivery back, and it arrives, with the same id
        Http.Response replay = http.post("/api/v1/dead-letters/" + row.get("id") + "/replay", "");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("status").asText()).isEqualTo("replayed");
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(deliveryStatus(violationId, deliveryId)));
        assertThat(RECEIVER.to("/down")).hasSize(6).allSatisfy(c -> {
            assertThat(c.deliveryId()).isEqualTo(deliveryId);
            assertThat(c.signatureValid()).isTrue();
        });
        JsonNode delivered = single(http.get("/api/v1/violations/" + violationId + "/deliveries").json().get("deliveries"),
                deliveryId);
        assertThat(texts(delivered.get("attempts"), "outcome")).hasSize(6).endsWith("delivered");
    }

    @Test
    void subscriptionsAreValidatedAndATargetOutsideTheAllowListIsRefused() {
        Http.Response outside = http.post("/api/v1/subscriptions", """
                {"subscription_id":"evil","channel":"webhook","target":"https://evil.example/hook","secret":"0123456789abcdef"}""");
        assertProblem(outside, 400);
        assertThat(fieldErrors(outside)).containsOnlyKeys("target");
        assertThat(fieldErrors(outside).get("target")).contains("webhook-allow-list");
        assertProblem(http.get("/api/v1/subscriptions/evil"), 404);

        assertThat(fieldErrors(http.post("/api/v1/subscriptions", """
                {"subscription_id":"ftp","channel":"webhook","target":"ftp://ops.example/x","secret":"0123456789abcdef"}""")))
                .containsOnlyKeys("target");
        assertThat(fieldErrors(http.post("/api/v1/subscriptions", """
                {"subscription_id":"userinfo","channel":"webhook","target":"https://me:pw@ops.example/x","secret":"0123456789abcdef"}""")))
                .containsOnlyKeys("target");
        assertThat(fieldErrors(http.post("/api/v1/subscriptions", """
                {"subscription_id":"unsigned","channel":"webhook","target":"https://ops.example/a"}""")))
                .containsOnlyKeys("secret");
        assertThat(fieldErrors(http.post("/api/v1/subscriptions", """
                {"subscription_id":"bad fields","channel":"sms","target":"x","mode":"weekly","min_severity":"loud",
                 "zone_types":["moon"],"rule_types":["teleport"]}""")))
                .containsOnlyKeys("subscription_id", "channel", "mode", "min_severity", "zone_types", "rule_types");
        assertThat(fieldErrors(http.post("/api/v1/subscriptions", """
                {"subscription_id":"digest-critical","channel":"webhook","target":"https://ops.example/d",
                 "secret":"0123456789abcdef","mode":"digest","min_severity":"critical"}""")))
                .containsOnlyKeys("min_severity");
        // the default profile has no SMTP server: an email subscription is refused, naming channel
        assertThat(fieldErrors(http.post("/api/v1/subscriptions", """
                {"subscription_id":"mail","channel":"email","target":"ops@example.org"}""")))
                .containsOnlyKeys("channel");

        // inside the allow-list: taken; the same id again: 409; deleted: 204, then 404
        String ok = """
                {"subscription_id":"ops-allowed","channel":"webhook","target":"https://ops.example/hooks/1","secret":"0123456789abcdef"}""";
        Http.Response created = http.post("/api/v1/subscriptions", ok);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("mode").asText()).isEqualTo("immediate");
        assertThat(created.json().get("min_severity").asText()).isEqualTo("critical");
        assertThat(created.json().get("origin").asText()).isEqualTo("api");
        assertProblem(http.post("/api/v1/subscriptions", ok), 409);
        assertThat(http.delete("/api/v1/subscriptions/ops-allowed").status()).isEqualTo(204);
        assertProblem(http.get("/api/v1/subscriptions/ops-allowed"), 404);
        assertProblem(http.delete("/api/v1/subscriptions/ops-allowed"), 404);
    }

    @Test
    void theSecretIsStoredEncryptedAndNeverAnswered() {
        String secret = "never-show-this-secret-42";
        Http.Response created = http.post("/api/v1/subscriptions", """
                {"subscription_id":"ops-secret","channel":"webhook","target":"https://ops.example/secret","secret":"%s",
                 "auv_ids":["AUV-SECRET"]}""".formatted(secret));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).doesNotContain(secret);
        assertThat(created.json().has("secret")).isFalse();
        assertThat(created.json().get("secret_set").asBoolean()).isTrue();

        Http.Response one = http.get("/api/v1/subscriptions/ops-secret");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.text()).doesNotContain(secret);
        assertThat(one.json().get("secret_set").asBoolean()).isTrue();
        assertThat(one.json().get("auv_ids")).hasSize(1);
        Http.Response all = http.get("/api/v1/subscriptions");
        assertThat(all.text()).doesNotContain(secret).contains("ops-secret");

        // replaced without a secret: the stored one is kept (write-only)
        Http.Response replaced = http.put("/api/v1/subscriptions/ops-secret", """
                {"channel":"webhook","target":"https://ops.example/secret2","min_severity":"warning","auv_ids":["AUV-SECRET"]}""");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("secret_set").asBoolean()).isTrue();
        assertThat(replaced.json().get("target").asText()).isEqualTo("https://ops.example/secret2");
        assertThat(replaced.text()).doesNotContain(secret);

        String stored = jdbc.queryForObject("SELECT secret_encrypted FROM alert_subscriptions WHERE subscription_id = ?",
                String.class, "ops-secret");
        assertThat(stored).startsWith("v1:").doesNotContain(secret);
        for (String kind : List.of("subscription_created", "subscription_updated")) {
            assertThat(http.get("/api/v1/audit?limit=1000&kind=" + kind).text()).contains("ops-secret").doesNotContain(secret);
        }
        assertThat(http.delete("/api/v1/subscriptions/ops-secret").status()).isEqualTo(204);
    }

    @Test
    void filtersChooseWhoIsTold() {
        String secret = "sink-secret-0000000003";
        RECEIVER.secret("/sink", secret);
        String sink = RECEIVER.url("/sink");
        http.post("/api/v1/subscriptions", """
                {"subscription_id":"f-apei","channel":"webhook","target":"%s","secret":"%s","zone_types":["apei"],
                 "auv_ids":["AUV-F1","AUV-F2","AUV-F3"]}""".formatted(sink, secret));
        http.post("/api/v1/subscriptions", """
                {"subscription_id":"f-auv1","channel":"webhook","target":"%s","secret":"%s","auv_ids":["AUV-F1"]}"""
                .formatted(sink, secret));
        http.post("/api/v1/subscriptions", """
                {"subscription_id":"f-warn","channel":"webhook","target":"%s","secret":"%s","min_severity":"warning",
                 "auv_ids":["AUV-F1","AUV-F2","AUV-F3"]}""".formatted(sink, secret));
        http.post("/api/v1/zones", squareZone("Z-F-APEI", "apei", 64, 14, 1));
        http.post("/api/v1/zones", squareZone("Z-F-CLOSED", "closed_area", 66, 16, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"R-F-CRIT","type":"restricted_zone","severity":"critical","zone_ids":["Z-F-APEI","Z-F-CLOSED"]}""");
        http.post("/api/v1/rules", """
                {"rule_id":"R-F-DEPTH","type":"depth_limit","severity":"warning","max_depth":100,"auv_ids":["AUV-F3"]}""");

        http.post("/api/v1/telemetry", fix("AUV-F1", ago(60), 16.5, 66.5, 50));   // critical, closed area
        http.post("/api/v1/telemetry", fix("AUV-F2", ago(60), 14.5, 64.5, 50));   // critical, APEI
        http.post("/api/v1/telemetry", fix("AUV-F3", ago(60), 30.5, 30.5, 300));  // warning, no zone

        // written with the violation, in its transaction: the log shows who is told at once
        assertThat(subscribersOf(violationOf("AUV-F1"))).containsExactly("f-auv1", "f-warn");
        assertThat(subscribersOf(violationOf("AUV-F2"))).containsExactly("f-apei", "f-warn");
        assertThat(subscribersOf(violationOf("AUV-F3"))).containsExactly("f-warn");

        await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVER.to("/sink").stream()
                .map(WebhookReceiver.Call::deliveryId).distinct().count() >= 5);
        assertThat(RECEIVER.to("/sink")).hasSize(5).allSatisfy(c -> assertThat(c.signatureValid()).isTrue());
        assertThat(RECEIVER.to("/sink").stream().map(WebhookReceiver.Call::auvId).sorted().toList())
                .containsExactly("AUV-F1", "AUV-F1", "AUV-F2", "AUV-F2", "AUV-F3");
        JsonNode warning = RECEIVER.to("/sink").stream().filter(c -> "AUV-F3".equals(c.auvId())).findFirst()
                .map(c -> read(c.body())).orElseThrow();
        assertThat(warning.get("severity").asText()).isEqualTo("warning");
        assertThat(warning.get("rule_id").asText()).isEqualTo("R-F-DEPTH");
    }

    @Test
    void aDigestSubscriptionGetsTheMatchingWarningsOfEachWindowOnce() throws Exception {
        String secret = "digest-hook-secret-0004";
        RECEIVER.secret("/digest", secret);
        assertThat(http.post("/api/v1/subscriptions", """
                {"subscription_id":"ops-digest","channel":"webhook","target":"%s","secret":"%s","mode":"digest",
                 "auv_ids":["AUV-DG1","AUV-DG2"]}""".formatted(RECEIVER.url("/digest"), secret)).json()
                .get("min_severity").asText()).isEqualTo("warning");
        http.post("/api/v1/rules", """
                {"rule_id":"R-DG","type":"depth_limit","severity":"warning","max_depth":100,
                 "auv_ids":["AUV-DG1","AUV-DG2","AUV-DG3"]}""");
        for (String auv : List.of("AUV-DG1", "AUV-DG2", "AUV-DG3")) {
            http.post("/api/v1/telemetry", fix(auv, ago(60), 40.5, 40.5, 500));
        }
        String dg1 = violationOf("AUV-DG1");
        String dg2 = violationOf("AUV-DG2");
        String dg3 = violationOf("AUV-DG3");

        // the windows close (2 s): only the subscription's vehicles, each warning in one digest
        await().atMost(Duration.ofSeconds(20)).until(() -> listed(RECEIVER.to("/digest")).size() >= 2);
        List<WebhookReceiver.Call> digests = RECEIVER.to("/digest");
        assertThat(listed(digests)).containsExactlyInAnyOrder(dg1, dg2);
        for (WebhookReceiver.Call c : digests) {
            JsonNode digest = JSON.readTree(c.body());
            assertThat(digest.get("event_type").asText()).isEqualTo("warning_digest");
            assertThat(digest.get("digest_id").asText()).isEqualTo(c.deliveryId());
            assertThat(digest.get("count").asInt()).isEqualTo(digest.get("violations").size());
            assertThat(c.signatureValid()).isTrue();
            assertThat(c.eventType()).isEqualTo("warning_digest");
        }
        JsonNode logged = single(http.get("/api/v1/violations/" + dg1 + "/deliveries").json().get("deliveries"),
                digests.stream().filter(c -> c.body().contains(dg1)).findFirst().orElseThrow().deliveryId());
        assertThat(logged.get("kind").asText()).isEqualTo("digest");
        assertThat(logged.get("transition").asText()).isEqualTo("warning_digest");
        assertThat(logged.get("subscription_id").asText()).isEqualTo("ops-digest");
        assertThat(http.get("/api/v1/violations/" + dg3 + "/deliveries").json().get("deliveries")).isEmpty();
    }

    /** The violation ids the digests list, once per listing. */
    private static List<String> listed(List<WebhookReceiver.Call> digests) {
        List<String> ids = new ArrayList<>();
        for (WebhookReceiver.Call c : digests) {
            read(c.body()).get("violations").forEach(v -> ids.add(v.get("violation_id").asText()));
        }
        return ids;
    }

    @Test
    void aCriticalAlertNobodyAcknowledgesIsEscalatedOnceAndAnAcknowledgementStopsIt() throws Exception {
        String secret = "escalating-hook-secret-01";
        RECEIVER.secret("/duty", secret).secret("/escalate", secret);
        assertProblem(http.post("/api/v1/subscriptions", """
                {"subscription_id":"ops-esc-bad","channel":"webhook","target":"%s","secret":"%s",
                 "escalation_target":"https://elsewhere.example/hook"}""".formatted(RECEIVER.url("/duty"), secret)), 400);
        assertThat(http.post("/api/v1/subscriptions", """
                {"subscription_id":"ops-esc-bad","channel":"webhook","target":"%s","secret":"%s","mode":"digest",
                 "min_severity":"warning","escalation_target":"%s"}""".formatted(RECEIVER.url("/duty"), secret,
                RECEIVER.url("/escalate"))).json().get("errors").toString()).contains("escalation_target");
        Http.Response created = http.post("/api/v1/subscriptions", """
                {"subscription_id":"ops-escalating","channel":"webhook","target":"%s","escalation_target":"%s",
                 "secret":"%s","min_severity":"critical","zone_ids":["Z-ESC"]}"""
                .formatted(RECEIVER.url("/duty"), RECEIVER.url("/escalate"), secret));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("escalation_target").asText()).isEqualTo(RECEIVER.url("/escalate"));
        http.post("/api/v1/zones", squareZone("Z-ESC", "closed_area", 70, 20, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"R-ESC","type":"restricted_zone","severity":"critical","zone_ids":["Z-ESC"]}""");
        // two critical violations in one batch (their alerts are written at the same moment); one is
        // acknowledged at once, the other by nobody
        Instant t = ago(60);
        assertThat(http.post("/api/v1/telemetry", "[" + fix("AUV-ESC-1", t, 20.5, 70.5, 3000) + ","
                + fix("AUV-ESC-2", t, 20.6, 70.6, 3000) + "]").status()).isEqualTo(202);
        String ignored = violationOf("AUV-ESC-1");
        String seen = violationOf("AUV-ESC-2");
        assertThat(http.post("/api/v1/violations/" + seen + "/ack", "{\"note\":\"on it\"}").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> !RECEIVER.to("/escalate").isEmpty());
        String escalationId = AlertFactory.deliveryId(ignored, "violation_escalated", "ops-escalating");
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(deliveryStatus(ignored, escalationId)));
        List<WebhookReceiver.Call> escalated = RECEIVER.to("/escalate");
        assertThat(escalated).hasSize(1);
        WebhookReceiver.Call call = escalated.get(0);
        assertThat(call.deliveryId()).isEqualTo(escalationId);
        assertThat(call.signatureValid()).isTrue();
        assertThat(call.eventType()).isEqualTo("violation_escalated");
        JsonNode alert = JSON.readTree(call.body());
        assertThat(alert.get("event_type").asText()).isEqualTo("violation_escalated");
        assertThat(alert.at("/violation/violation_id").asText()).isEqualTo(ignored);
        assertThat(alert.at("/escalation/first_delivery_id").asText())
                .isEqualTo(AlertFactory.deliveryId(ignored, "violation_opened", "ops-escalating"));
        assertThat(alert.at("/escalation/not_acknowledged_after_seconds").asLong()).isEqualTo(2);
        assertThat(RECEIVER.to("/duty")).extracting(WebhookReceiver.Call::eventType).contains("violation_opened");
        // the acknowledged one was never escalated: the look that escalated the other saw it too
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM alert_deliveries d JOIN alert_delivery_violations v ON v.delivery_id = d.delivery_id
                WHERE d.kind = 'escalation' AND v.violation_id = ?""", Integer.class, seen)).isZero();
        // once: later looks write nothing more for it, and the escalation is audited
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE kind = 'violation_escalated' AND payload LIKE ?", Integer.class,
                "%" + ignored + "%") == 1);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM alert_deliveries d JOIN alert_delivery_violations v ON v.delivery_id = d.delivery_id
                WHERE d.kind = 'escalation' AND v.violation_id = ?""", Integer.class, ignored)).isEqualTo(1);
    }

    private String violationOf(String auvId) {
        JsonNode violations = http.get("/api/v1/violations?auv_id=" + auvId).json().get("violations");
        assertThat(violations).hasSize(1);
        return violations.get(0).get("violation_id").asText();
    }

    private Set<String> subscribersOf(String violationId) {
        Set<String> ids = new TreeSet<>();
        http.get("/api/v1/violations/" + violationId + "/deliveries").json().get("deliveries")
                .forEach(d -> ids.add(d.get("subscription_id").asText()));
        return ids;
    }

    private String deliveryStatus(String violationId, String deliveryId) {
        for (JsonNode d : http.get("/api/v1/violations/" + violationId + "/deliveries").json().get("deliveries")) {
            if (d.get("delivery_id").asText().equals(deliveryId)) {
                return d.get("status").asText();
            }
        }
        return null;
    }

    private static JsonNode single(JsonNode deliveries, String deliveryId) {
        List<JsonNode> found = new ArrayList<>();
        deliveries.forEach(d -> {
            if (d.get("delivery_id").asText().equals(deliveryId)) {
                found.add(d);
            }
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<String> texts(JsonNode items, String field) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get(field).asText()));
        return out;
    }

    private static Map<String, String> fieldErrors(Http.Response r) {
        assertThat(r.status()).isEqualTo(400);
        Map<String, String> errors = new java.util.TreeMap<>();
        r.json().get("errors").forEach(e -> errors.merge(e.get("field").asText(), e.get("message").asText(),
                (a, b) -> a + "; " + b));
        return errors;
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
