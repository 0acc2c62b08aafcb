package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

/**
 * Poison messages land in deepseaguard.dlq and table dead_letters with their reason, at once
 * (invalid input is never retried); a message whose processing failed (here: the violations table
 * is gone) is redelivered with back-off, parked, and after the fix replayed through the API, once or
 * all together. A replay that fails again keeps its row with the new reason.
 */
@StackIT
class DeadLetterIT extends StackTestSupport {

    private static final Instant T0 = Instant.now().minus(40, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    private static boolean configured;

    private final AtomicInteger redeliveries = new AtomicInteger();
    private final EventNotifierSupport redeliveryCounter = new EventNotifierSupport() {
        @Override
        public void notify(CamelEvent event) {
            redeliveries.incrementAndGet();
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ExchangeRedeliveryEvent;
        }
    };

    @BeforeEach
    void setUp() {
        jdbc.update("DELETE FROM dead_letters");
        purgeOutputs();
        purge(List.of("auv_telemetry_raw"));
        if (!configured) {
            configured = true;
            apiJson("POST", "/zones", squareZone("IT-DLQ-APEI", "apei", 50.0, 10.0, 51.0, 11.0), 201);
            apiJson("POST", "/rules", """
                    {"rule_id":"R-IT-DLQ","type":"restricted_zone","severity":"critical","zone_ids":["IT-DLQ-APEI"]}""", 201);
        }
        camel.getManagementStrategy().addEventNotifier(redeliveryCounter);
        ServiceHelper.startService(redeliveryCounter);
    }

    @AfterEach
    void tearDown() {
        camel.getManagementStrategy().removeEventNotifier(redeliveryCounter);
        ServiceHelper.stopService(redeliveryCounter);
    }

    @Test
    void poisonMessagesGoToTheDlqAtOnceWithTheirReasonAndAFailedReplayKeepsTheRow() {
        String invalid = "{\"auv_id\":\"AUV-DLQ-1\",\"timestamp\":\"" + T0 + "\",\"latitude\":123.0,\"longitude\":50.5,\"depth\":100}";
        publishFix("AUV-DLQ-1", invalid);

        Message parked = receive("deepseaguard.dlq");
        assertThat(new String(parked.getBody(), StandardCharsets.UTF_8)).as("the original message").isEqualTo(invalid);
        var headers = parked.getMessageProperties().getHeaders();
        assertThat((String) headers.get("deepseaguard_dlq_reason")).startsWith("invalid input").contains("latitude");
        assertThat(headers).containsEntry("deepseaguard_dlq_exception_class", "org.deepseaguard.core.model.InvalidInputException")
                .containsEntry("deepseaguard_dlq_route_id", "ingest-normalize")
                .containsEntry("deepseaguard_dlq_source", "amqp")
                .containsKey("deepseaguard_dlq_failed_at");
        long id = ((Number) headers.get("deepseaguard_dlq_id")).longValue();
        assertThat(redeliveries.get()).as("invalid input is not retried").isZero();

        publishFix("AUV-DLQ-2", "this is not JSON {");
        Message unparseable = receive("deepseaguard.dlq");
        assertThat(new String(unparseable.getBody(), StandardCharsets.UTF_8)).isEqualTo("this is not JSON {");
        assertThat((String) unparseable.getMessageProperties().getHeaders().get("deepseaguard_dlq_reason")).isNotBlank();
        assertThat(redeliveries.get()).isZero();
        assertThat(amqpAdmin.getQueueInfo("auv_telemetry_raw").getMessageCount()).as("both acknowledged").isZero();

        JsonNode row = apiJson("GET", "/dead-letters/" + id, null, 200);
        assertThat(row.get("payload").asText()).isEqualTo(invalid);
        assertThat(row.get("source").asText()).isEqualTo("amqp");
        assertThat(row.get("route_id").asText()).isEqualTo("ingest-normalize");
        assertThat(row.get("reason").asText()).contains("latitude");
        assertThat(row.get("replay_endpoint").asText()).isEqualTo("direct:telemetry-ingest");
        assertThat(row.get("replayed_at").isNull()).isTrue();
        JsonNode pending = apiJson("GET", "/dead-letters?replayed=false", null, 200);
        assertThat(pending.get("total").asInt()).isEqualTo(2);
        assertThat(pending.get("dead_letters")).extracting(d -> d.get("payload").asText())
                .containsExactly(invalid, "this is not JSON {");

        JsonNode replay = apiJson("POST", "/dead-letters/" + id + "/replay", null, 200);
        assertThat(replay.get("status").asText()).isEqualTo("failed");
        assertThat(replay.get("reason").asText()).contains("latitude");
        JsonNode after = apiJson("GET", "/dead-letters/" + id, null, 200);
        assertThat(after.get("replay_count").asInt()).isEqualTo(1);
        assertThat(after.get("replayed_at").isNull()).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters", Integer.class)).as("no new row").isEqualTo(2);
        assertNoMoreMessages("deepseaguard.dlq", java.time.Duration.ofMillis(500));

        assertThat(api("GET", "/dead-letters?replayed=maybe", null).statusCode()).isEqualTo(400);
        assertThat(api("GET", "/dead-letters/999999", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aFailedFixIsRedeliveredParkedAndReplayedAfterTheFix() {
        jdbc.execute("ALTER TABLE violations RENAME TO violations_under_maintenance");
        try {
            publishFix("AUV-DLQ-3", fix("AUV-DLQ-3", T0, 10.5, 50.5, 3000.0));
            publishFix("AUV-DLQ-4", fix("AUV-DLQ-4", T0, 10.6, 50.6, 3000.0));
            Message first = receive("deepseaguard.dlq");
            Message second = receive("deepseaguard.dlq");
            assertThat(body(first).get("auv_id").asText()).isEqualTo("AUV-DLQ-3");
            assertThat(body(second).get("auv_id").asText()).isEqualTo("AUV-DLQ-4");
            assertThat((String) first.getMessageProperties().getHeaders().get("deepseaguard_dlq_reason")).contains("violations");
            assertThat(redeliveries.get()).as("2 redeliveries each, with back-off").isEqualTo(4);
        } finally {
            jdbc.execute("ALTER TABLE violations_under_maintenance RENAME TO violations");
        }
        assertThat(apiJson("GET", "/violations?auv_id=AUV-DLQ-3", null, 200).get("total").asInt()).isZero();
        JsonNode pending = apiJson("GET", "/dead-letters?replayed=false", null, 200);
        assertThat(pending.get("total").asInt()).isEqualTo(2);
        long firstId = pending.get("dead_letters").get(0).get("id").asLong();

        JsonNode one = apiJson("POST", "/dead-letters/" + firstId + "/replay", null, 200);
        assertThat(one.get("status").asText()).isEqualTo("replayed");
        JsonNode violation = body(receive("compliance_violations"));
        assertThat(violation.get("auv_id").asText()).isEqualTo("AUV-DLQ-3");
        assertThat(violation.get("rule_id").asText()).isEqualTo("R-IT-DLQ");
        assertThat(apiJson("GET", "/violations?auv_id=AUV-DLQ-3", null, 200).get("total").asInt()).isEqualTo(1);
        assertThat(api("POST", "/dead-letters/" + firstId + "/replay", null).statusCode()).as("already replayed").isEqualTo(409);

        JsonNode all = apiJson("POST", "/dead-letters/replay", null, 200);
        assertThat(all.get("replayed").asInt()).isEqualTo(1);
        assertThat(all.get("failed").asInt()).isZero();
        assertThat(body(receive("compliance_violations")).get("auv_id").asText()).isEqualTo("AUV-DLQ-4");
        assertThat(apiJson("GET", "/violations?auv_id=AUV-DLQ-4", null, 200).get("total").asInt()).isEqualTo(1);

        JsonNode replayed = apiJson("GET", "/dead-letters?replayed=true", null, 200);
        assertThat(replayed.get("total").asInt()).isEqualTo(2);
        assertThat(replayed.get("dead_letters")).allSatisfy(d -> {
            assertThat(d.get("replayed_at").isNull()).isFalse();
            assertThat(d.get("replay_count").asInt()).isEqualTo(1);
        });
        assertThat(apiJson("GET", "/dead-letters?replayed=false", null, 200).get("total").asInt()).isZero();
    }
}
