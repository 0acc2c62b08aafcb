package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.deepseaguard.hub.WebhookReceiver;
import org.deepseaguard.hub.alerts.AlertFactory;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shipped integration examples (docs/examples, docs/yaml-routes.md "Templates"), copied as they
 * are into the routes folder of a stack hub, against the machine's real services: fixes published
 * on NATS JetStream (127.0.0.1:4222) through {@code nats-telemetry.camel.yaml}; a vendor's JSON on
 * Mosquitto mapped by {@code mqtt-vendor-telemetry.jsonata}; and the critical APEI alert they raise
 * forwarded by {@code critical-alerts-to-webhook.camel.yaml} to an HTTP receiver.
 */
@StackIT
class IntegrationTemplatesIT extends StackTestSupport {

    static final WebhookReceiver RECEIVER = new WebhookReceiver();
    static final Path ROUTES;
    static final Instant T0 = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    static {
        try {
            ROUTES = Files.createTempDirectory("dsg-it-templates");
            for (String example : new String[] {"nats-telemetry.camel.yaml", "mqtt-vendor-telemetry.camel.yaml",
                    "mqtt-vendor-telemetry.jsonata", "critical-alerts-to-webhook.camel.yaml"}) {
                Files.copy(Path.of("docs", "examples", example), ROUTES.resolve(example));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a fresh stream and durable consumer for this run (JetStream keeps both on the server's disk)
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            nats.jetStreamManagement().deleteStream("DEEPSEAGUARD");
        } catch (JetStreamApiException e) {
            // not there yet: the example's route creates it
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("NATS at 127.0.0.1:4222 is needed (.ci/run starts it)", e);
        }
    }

    @DynamicPropertySource
    static void routesFolder(DynamicPropertyRegistry registry) {
        registry.add("deepseaguard.routes-dir", ROUTES::toString);
        registry.add("ops.webhook-url", () -> RECEIVER.url("/ops-apei"));
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void natsFixesAndMappedVendorFixesAreJudgedAndTheApeiAlertIsForwarded() throws Exception {
        apiJson("POST", "/zones", squareZone("IT-TPL-APEI", "apei", 60.0, 10.0, 61.0, 11.0), 201);
        apiJson("POST", "/rules", """
                {"rule_id":"R-IT-TPL","type":"restricted_zone","severity":"critical","zone_ids":["IT-TPL-APEI"]}""", 201);
        JsonNode subscription = apiJson("GET", "/subscriptions/ops-apei-critical", null, 200);
        assertThat(subscription.get("origin").asText()).isEqualTo("template");

        // NATS JetStream: the DESIGN's fix, inside the APEI
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            nats.jetStream().publish("deepseaguard.telemetry.AUV-NATS-1",
                    fix("AUV-NATS-1", T0, 10.5, 60.5, 3500.0).getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(WAIT).until(() -> api("GET", "/auvs/AUV-NATS-1", null).statusCode() == 200);
        JsonNode violations = apiJson("GET", "/violations?auv_id=AUV-NATS-1", null, 200);
        assertThat(violations.get("total").asInt()).isEqualTo(1);
        String violationId = violations.at("/violations/0/violation_id").asText();
        assertThat(violations.at("/violations/0/zone_id").asText()).isEqualTo("IT-TPL-APEI");

        // its critical alert, forwarded by the alerts-to route to the operations centre's webhook
        await().atMost(WAIT).until(() -> !RECEIVER.to("/ops-apei").isEmpty());
        WebhookReceiver.Call call = RECEIVER.to("/ops-apei").get(0);
        assertThat(json.readTree(call.body()).get("alert_id").asText())
                .isEqualTo(AlertFactory.alertId(violationId, "violation_opened"));
        assertThat(call.deliveryId()).isEqualTo(AlertFactory.deliveryId(violationId, "violation_opened", "ops-apei-critical"));

        // Mosquitto: a vendor's own JSON, mapped by the example's JSONata expression
        MqttClient client = new MqttClient("tcp://127.0.0.1:1883", "it-vendor-" + System.nanoTime(), new MemoryPersistence());
        client.connect();
        try {
            MqttMessage message = new MqttMessage("""
                    {"vehicle":{"serial":"HX-9"},"nav":{"lat":-12.5,"lon":-128.25,"depth_m":4100.0},"utc":"%s"}"""
                    .formatted(T0).getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            client.publish("vendor/HX-9/nav", message);
        } finally {
            client.disconnect();
            client.close();
        }
        await().atMost(WAIT).until(() -> api("GET", "/auvs/VENDOR-HX-9", null).statusCode() == 200);
        JsonNode vendor = apiJson("GET", "/auvs/VENDOR-HX-9", null, 200);
        assertThat(vendor.at("/position/latitude").asDouble()).isEqualTo(-12.5);
        assertThat(vendor.at("/position/depth").asDouble()).isEqualTo(4100.0);
        assertThat(vendor.get("last_update").asText()).isEqualTo(T0.toString());
    }
}
