package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert outbox survives a crash (issue 11): a hub JVM of its own (default profile,
 * {@link HubProcess}) with a webhook subscription from a subscriptions file raises critical
 * violations while the receiver is down, so every delivery is pending with failed attempts; the hub
 * is killed with SIGKILL, the receiver comes up on the same port, the hub restarts on the same data
 * dir, and every delivery arrives, each exactly once (counted by delivery id), signed with the
 * secret that was stored encrypted before the crash.
 */
class AlertCrashRecoveryTest {

    static final String SECRET = "crash-hook-secret-000001";
    static final int VEHICLES = 4;

    @TempDir
    Path dataDir;

    private HubProcess hub;
    private WebhookReceiver receiver;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (hub != null) {
            hub.kill();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void pendingDeliveriesArriveOnceEachAfterTheHubWasKilled() throws Exception {
        int receiverPort = freePort();
        Path subscriptions = dataDir.resolve("subscriptions.yml");
        Files.writeString(subscriptions, """
                subscriptions:
                  - subscription_id: ops-crash
                    channel: webhook
                    target: http://127.0.0.1:%d/crash
                    secret: %s
                    min_severity: critical
                    zone_ids: [Z-CRASH]
                """.formatted(receiverPort, SECRET));
        String[] args = {
                "--deepseaguard.alerts.subscriptions-file=" + subscriptions,
                "--deepseaguard.alerts.delivery.poll-interval=PT0.2S",
                "--deepseaguard.alerts.delivery.first-retry-delay=PT0.2S",
                "--deepseaguard.alerts.delivery.max-retry-delay=PT1S",
                "--deepseaguard.alerts.delivery.max-attempts=1000",
                "--deepseaguard.alerts.delivery.claim-timeout=PT3S"};
        hub = HubProcess.start(dataDir, "alerts-1", args);
        Http http = hub.http();
        assertThat(http.get("/api/v1/subscriptions/ops-crash").json().get("origin").asText()).isEqualTo("file");
        assertThat(http.post("/api/v1/zones", HubTestSupport.squareZone("Z-CRASH", "closed_area", 50, 5, 1)).status())
                .isEqualTo(201);
        http.post("/api/v1/rules", """
                {"rule_id":"R-CRASH","type":"restricted_zone","severity":"critical","zone_ids":["Z-CRASH"]}""");
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
        for (int i = 1; i <= VEHICLES; i++) {
            // in, then out: an opened and a closed alert per vehicle
            http.post("/api/v1/telemetry", HubTestSupport.fix("AUV-CRASH-" + i, t, 5.5, 50.5, 3000));
            http.post("/api/v1/telemetry", HubTestSupport.fix("AUV-CRASH-" + i, t.plusSeconds(30), 4.5, 50.5, 3000));
        }
        Map<String, String> violations = new HashMap<>();
        for (int i = 1; i <= VEHICLES; i++) {
            JsonNode v = http.get("/api/v1/violations?auv_id=AUV-CRASH-" + i).json().get("violations");
            assertThat(v).hasSize(1);
            violations.put(v.get(0).get("violation_id").asText(), "AUV-CRASH-" + i);
        }
        // every delivery pending, each tried and failed at least once (nobody listens)
        await().atMost(Duration.ofSeconds(60)).until(() -> violations.keySet().stream().allMatch(id -> {
            JsonNode ds = http.get("/api/v1/violations/" + id + "/deliveries").json().get("deliveries");
            if (ds.size() != 2) {
                return false;
            }
            for (JsonNode d : ds) {
                if (!d.get("status").asText().equals("pending") || d.get("attempts").isEmpty()) {
                    return false;
                }
            }
            return true;
        }));
        Set<String> expected = new TreeSet<>();
        for (String id : violations.keySet()) {
            http.get("/api/v1/violations/" + id + "/deliveries").json().get("deliveries")
                    .forEach(d -> expected.add(d.get("delivery_id").asText()));
        }
        assertThat(expected).hasSize(2 * VEHICLES);

        hub.kill();
        hub = null;
        receiver = new WebhookReceiver(receiverPort).secret("/crash", SECRET);
        hub = HubProcess.start(dataDir, "alerts-2", args);
        Http after = hub.http();

        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.to("/crash").stream()
                .map(WebhookReceiver.Call::deliveryId).distinct().count() == expected.size()
                && violations.keySet().stream().allMatch(id -> allDelivered(after, id)));
        List<WebhookReceiver.Call> calls = receiver.to("/crash");
        assertThat(calls).extracting(WebhookReceiver.Call::deliveryId).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.signatureValid()).isTrue();
            assertThat(c.answered()).isEqualTo(200);
        });
        for (WebhookReceiver.Call c : calls) {
            assertThat(violations).containsEntry(
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(c.body()).at("/violation/violation_id").asText(),
                    c.auvId());
        }
    }

    private static boolean allDelivered(Http http, String violationId) {
        for (JsonNode d : http.get("/api/v1/violations/" + violationId + "/deliveries").json().get("deliveries")) {
            if (!d.get("status").asText().equals("delivered")) {
                return false;
            }
        }
        return true;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
