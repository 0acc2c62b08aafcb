package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sender binding on AMQP (issue 9, docs/reliability.md "Access"): RabbitMQ user {@code guest} (the
 * machine's broker user; RabbitMQ checks {@code user_id} against the connection's user) may only
 * publish fixes for {@code AUV-SCOPE-IN-*} and the vehicles of operator {@code SCOPE-OPS}. Others are
 * parked in the dead letters with the reason and acknowledged, never judged; so are messages without
 * {@code user_id}, since a scope is configured. Like every AMQP IT it needs queue
 * {@code auv_telemetry_raw} to itself: another hub consuming it at the same time takes some of the
 * messages (and this hub parks the other's fixes, which carry no {@code user_id}).
 */
@StackIT
class AmqpSenderScopeIT extends StackTestSupport {

    private static final Instant T0 = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    @DynamicPropertySource
    static void scopes(DynamicPropertyRegistry registry) {
        registry.add("deepseaguard.ingest.amqp.scopes.guest", () -> "AUV-SCOPE-IN-*, operator:SCOPE-OPS");
    }

    @BeforeEach
    void clean() {
        jdbc.update("DELETE FROM dead_letters");
        purge(List.of("auv_telemetry_raw", "deepseaguard.dlq"));
    }

    private void publish(String auvId, String userId, Instant t) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType("application/json");
        if (userId != null) {
            properties.setUserId(userId);
        }
        rabbit.send("auv_telemetry", "auv.telemetry." + auvId,
                new Message(fix(auvId, t, 1.0, 1.0, 100.0).getBytes(StandardCharsets.UTF_8), properties));
    }

    private int fixesOf(String auvId) {
        return jdbc.queryForObject("SELECT count(*) FROM fix_log WHERE auv_id = ?", Integer.class, auvId);
    }

    @Test
    void fixesOutsideThePublishersScopeAreParkedWithTheReason() {
        apiJson("POST", "/auvs", """
                {"auv_id":"OPS-7","name":"Ops 7","operator":"SCOPE-OPS","contract_ids":[]}""", 201);
        publish("AUV-SCOPE-IN-1", "guest", T0);
        publish("AUV-SCOPE-OUT-1", "guest", T0);
        publish("OPS-7", "guest", T0);
        publish("AUV-SCOPE-IN-2", null, T0);
        publish("AUV-SCOPE-IN-1", "guest", T0.plusSeconds(60));

        await().atMost(WAIT).until(() -> fixesOf("AUV-SCOPE-IN-1") == 2 && fixesOf("OPS-7") == 1
                && parked().size() == 2);
        List<Map<String, Object>> parked = parked();
        assertThat(parked).extracting(r -> r.get("reason").toString()).containsExactlyInAnyOrder(
                "auv_id AUV-SCOPE-OUT-1 is outside the scope of sender guest",
                "auv_id AUV-SCOPE-IN-2 comes from an unknown sender: the message carries no user_id "
                        + "(required when deepseaguard.ingest.amqp.scopes is set)");
        assertThat(parked).extracting(r -> r.get("payload").toString())
                .anyMatch(p -> p.contains("\"auv_id\":\"AUV-SCOPE-OUT-1\""));
        assertThat(parked).extracting(r -> r.get("source").toString()).containsOnly("amqp");
        assertThat(fixesOf("AUV-SCOPE-OUT-1")).isZero();
        assertThat(fixesOf("AUV-SCOPE-IN-2")).isZero();
    }

    @Test
    void aBatchHoldingOnlyRefusedFixesIsParkedAndAcknowledged() {
        publish("AUV-SCOPE-OUT-2", "guest", T0);
        // parked once and no more: an unacknowledged (requeued) delivery would come back and be parked again
        await().atMost(WAIT).during(Duration.ofSeconds(3)).until(() -> parked().size() == 1);
        assertThat(parked().get(0).get("reason"))
                .isEqualTo("auv_id AUV-SCOPE-OUT-2 is outside the scope of sender guest");
        assertThat(fixesOf("AUV-SCOPE-OUT-2")).isZero();
    }

    /** This test's dead letters (the RabbitMQ queues are shared with whatever else runs on the machine). */
    private List<Map<String, Object>> parked() {
        return jdbc.queryForList("SELECT payload, reason, source FROM dead_letters "
                + "WHERE payload LIKE '%AUV-SCOPE-%' OR payload LIKE '%OPS-7%' ORDER BY id");
    }
}
