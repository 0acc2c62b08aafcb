package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Seven warnings raised within one window of the warning aggregator (8 s here instead of 5 minutes)
 * arrive on warning_alerts as ONE digest holding exactly those seven violations.
 */
@StackIT
class WarningDigestIT extends StackTestSupport {

    private static final long WINDOW_MILLIS = 8_000;
    private static final Instant T0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    @DynamicPropertySource
    static void shortWindow(DynamicPropertyRegistry registry) {
        registry.add("deepseaguard.warnings.window", () -> "PT8S");
        registry.add("deepseaguard.warnings.batch-size", () -> "100");
    }

    @Test
    void sevenWarningsInOneWindowMakeOneDigestHoldingThoseSeven() {
        apiJson("POST", "/zones", squareZone("IT-PRZ-1", "preservation_reference_zone", 60.0, 10.0, 61.0, 11.0), 201);
        apiJson("POST", "/rules", """
                {"rule_id":"R-IT-PRZ","type":"restricted_zone","severity":"warning","zone_ids":["IT-PRZ-1"]}""", 201);
        purgeOutputs();

        // the window is a tumbling one, ticking since the route started: start right after a tick
        Route batch = camel.getRoute("warnings-batch");
        await().atMost(Duration.ofMillis(2 * WINDOW_MILLIS)).pollInterval(Duration.ofMillis(100))
                .until(() -> batch.getUptimeMillis() % WINDOW_MILLIS < 1_500);

        for (int i = 1; i <= 7; i++) {
            String auvId = "AUV-WARN-" + i;
            publishFix(auvId, fix(auvId, T0, 10.1 + i * 0.1, 60.5, 2000.0));
        }
        List<String> warningIds = new ArrayList<>();
        for (Message message : receive("compliance_violations", 7)) {
            JsonNode violation = body(message);
            assertThat(violation.get("severity").asText()).isEqualTo("warning");
            warningIds.add(violation.get("violation_id").asText());
        }

        Message digestMessage = receive("warning_alerts");
        assertThat(digestMessage.getMessageProperties().getHeaders())
                .containsEntry("event_type", "warning_digest").containsEntry("severity", "warning");
        JsonNode digest = body(digestMessage);
        assertThat(digest.get("event_type").asText()).isEqualTo("warning_digest");
        assertThat(digest.get("count").asInt()).isEqualTo(7);
        List<String> inDigest = new ArrayList<>();
        List<String> auvs = new ArrayList<>();
        digest.get("violations").forEach(v -> {
            inDigest.add(v.get("violation_id").asText());
            auvs.add(v.get("auv_id").asText());
            assertThat(v.get("rule_id").asText()).isEqualTo("R-IT-PRZ");
            assertThat(v.get("zone_id").asText()).isEqualTo("IT-PRZ-1");
        });
        assertThat(inDigest).containsExactlyInAnyOrderElementsOf(warningIds);
        assertThat(auvs).containsExactlyInAnyOrder("AUV-WARN-1", "AUV-WARN-2", "AUV-WARN-3", "AUV-WARN-4",
                "AUV-WARN-5", "AUV-WARN-6", "AUV-WARN-7");
        assertThat(body(receive("alert_notifications")).get("digest_id").asText()).isEqualTo(digest.get("digest_id").asText());
        assertNoMoreMessages("warning_alerts", Duration.ofMillis(WINDOW_MILLIS + 1_000));
        assertNoMoreMessages("critical_alerts", Duration.ofMillis(200));
    }
}
