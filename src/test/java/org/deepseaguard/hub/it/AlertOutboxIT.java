package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.hub.WebhookReceiver;
import org.deepseaguard.hub.alerts.AlertFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The alert outbox on PostgreSQL 15 in profile {@code stack} (issue 11): a subscription's secret is
 * stored encrypted, a loopback target outside the allow-list is refused (no loopback exception in
 * {@code stack}), a delivery written in the batch's transaction is claimed, retried after two 500s
 * and delivered with the same signed id, every attempt logged and the outcome audited.
 */
@StackIT
class AlertOutboxIT extends StackTestSupport {

    static final WebhookReceiver RECEIVER = new WebhookReceiver();
    static final String SECRET = "postgres-hook-secret-01";

    @DynamicPropertySource
    static void alerts(DynamicPropertyRegistry registry) {
        registry.add("deepseaguard.alerts.webhook-allow-list[0]", () -> RECEIVER.url("/pg*"));
        registry.add("deepseaguard.alerts.delivery.poll-interval", () -> "PT0.1S");
        registry.add("deepseaguard.alerts.delivery.first-retry-delay", () -> "PT0.1S");
        registry.add("deepseaguard.alerts.delivery.max-retry-delay", () -> "PT0.4S");
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void aDeliveryIsWrittenWithItsViolationRetriedAndLoggedOnPostgres() {
        assertThat(api("POST", "/subscriptions", """
                {"subscription_id":"it-other-port","channel":"webhook","target":"http://127.0.0.1:1/pg","secret":"%s"}"""
                .formatted(SECRET)).statusCode()).isEqualTo(400);
        RECEIVER.secret("/pg", SECRET).failFirst("/pg", 2);
        JsonNode created = apiJson("POST", "/subscriptions", """
                {"subscription_id":"it-pg","channel":"webhook","target":"%s","secret":"%s","zone_ids":["Z-IT-OUTBOX"]}"""
                .formatted(RECEIVER.url("/pg"), SECRET), 201);
        assertThat(created.get("secret_set").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT secret_encrypted FROM alert_subscriptions WHERE subscription_id = 'it-pg'",
                String.class)).startsWith("v1:").doesNotContain(SECRET);

        apiJson("POST", "/zones", squareZone("Z-IT-OUTBOX", "closed_area", 140, 30, 141, 31), 201);
        apiJson("POST", "/rules", """
                {"rule_id":"R-IT-OUTBOX","type":"restricted_zone","severity":"critical","zone_ids":["Z-IT-OUTBOX"]}""", 201);
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        assertThat(api("POST", "/telemetry", fix("AUV-IT-OUTBOX", t, 30.5, 140.5, 3000)).statusCode()).isEqualTo(202);
        String violationId = apiJson("GET", "/violations?auv_id=AUV-IT-OUTBOX", null, 200)
                .get("violations").get(0).get("violation_id").asText();
        String deliveryId = AlertFactory.deliveryId(violationId, "violation_opened", "it-pg");

        await().atMost(WAIT).until(() -> "delivered".equals(apiJson("GET", "/violations/" + violationId + "/deliveries",
                null, 200).at("/deliveries/0/status").asText()));
        JsonNode delivery = apiJson("GET", "/violations/" + violationId + "/deliveries", null, 200).get("deliveries");
        assertThat(delivery).hasSize(1);
        assertThat(delivery.get(0).get("delivery_id").asText()).isEqualTo(deliveryId);
        List<String> outcomes = new ArrayList<>();
        delivery.get(0).get("attempts").forEach(a -> outcomes.add(a.get("outcome").asText() + " " + a.get("status_code").asText()));
        assertThat(outcomes).containsExactly("failed 500", "failed 500", "delivered 200");
        assertThat(RECEIVER.to("/pg")).hasSize(3).allSatisfy(c -> {
            assertThat(c.deliveryId()).isEqualTo(deliveryId);
            assertThat(c.signatureValid()).isTrue();
        });
        JsonNode audited = apiJson("GET", "/audit?kind=alert_delivered&limit=1000", null, 200).get("entries");
        assertThat(audited).filteredOn(e -> e.at("/payload/delivery_id").asText().equals(deliveryId)).hasSize(1);
    }
}
