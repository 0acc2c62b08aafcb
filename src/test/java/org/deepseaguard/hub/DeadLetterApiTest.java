package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dead-letter channel in the embedded default profile (H2, seda DLQ): a route using
 * {@code dead-letter} that hands fixes to the pipeline like a broker consumer does parks a refused
 * fix at once with its reason, and the API lists, shows and replays dead letters. (The same against
 * RabbitMQ and PostgreSQL: DeadLetterIT.)
 */
class DeadLetterApiTest extends HubTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;

    /** A consumer like the broker ingest routes, fed from a direct endpoint. */
    @BeforeEach
    void testInput() throws Exception {
        if (camel.getRoute("test-dead-letter-input") != null) {
            return;
        }
        camel.addRoutes(new EndpointRouteBuilder() {
            @Override
            public void configure() {
                from(direct("test-dead-letter-input")).routeId("test-dead-letter-input")
                        .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                        .setHeader("deepseaguard_source", constant("test"))
                        .process("pipelineCall");
            }
        });
    }

    @Test
    void aRefusedFixIsParkedWithItsReasonAndCanBeReadAndReplayed() {
        String auvId = id("AUV-DL");
        String invalid = fix(auvId, ago(30), 95.0, 10.0, 100.0);
        producer.sendBody("direct:test-dead-letter-input", invalid);

        JsonNode page = http.get("/api/v1/dead-letters?replayed=false&limit=1000").json();
        JsonNode parked = null;
        for (JsonNode d : page.get("dead_letters")) {
            if (invalid.equals(d.get("payload").asText())) {
                parked = d;
            }
        }
        assertThat(parked).as("parked at once: %s", page).isNotNull();
        assertThat(parked.get("reason").asText()).startsWith("invalid input").contains("latitude");
        assertThat(parked.get("route_id").asText()).isEqualTo("ingest-normalize");
        assertThat(parked.get("source").asText()).isEqualTo("test");
        assertThat(parked.get("exception_class").asText()).isEqualTo("org.deepseaguard.core.model.InvalidInputException");
        assertThat(parked.get("replay_endpoint").asText()).isEqualTo("direct://test-dead-letter-input");
        long id = parked.get("id").asLong();

        Http.Response one = http.get("/api/v1/dead-letters/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("payload").asText()).isEqualTo(invalid);

        Http.Response replay = http.post("/api/v1/dead-letters/" + id + "/replay", "");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("status").asText()).isEqualTo("failed");
        assertThat(replay.json().get("reason").asText()).contains("latitude");
        JsonNode after = http.get("/api/v1/dead-letters/" + id).json();
        assertThat(after.get("replay_count").asInt()).isEqualTo(1);
        assertThat(after.get("replayed_at").isNull()).isTrue();

        assertThat(http.get("/api/v1/dead-letters/abc").status()).isEqualTo(400);
        assertThat(http.get("/api/v1/dead-letters/987654321").status()).isEqualTo(404);
        assertThat(http.get("/api/v1/dead-letters?limit=0").status()).isEqualTo(400);
    }

    @Test
    void aParkedFixIsAppliedWhenReplayed() {
        String auvId = id("AUV-DLR");
        Instant t = ago(20);
        // parked as the dead-letter channel parks a broker fix: original payload, reason stamped
        producer.send("direct:dead-letter-park", exchange -> {
            exchange.setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, "direct:telemetry-ingest");
            exchange.getMessage().setBody(fix(auvId, t, 5.0, 5.0, 100.0));
            exchange.getMessage().setHeaders(Map.of("deepseaguard_dlq_reason", "the database was down",
                    "deepseaguard_dlq_route_id", "compliance-evaluate", "deepseaguard_dlq_source", "amqp"));
        });
        JsonNode pending = http.get("/api/v1/dead-letters?replayed=false&limit=1000").json();
        long id = -1;
        for (JsonNode d : pending.get("dead_letters")) {
            if (d.get("payload").asText().contains(auvId)) {
                id = d.get("id").asLong();
                assertThat(d.get("reason").asText()).isEqualTo("the database was down");
            }
        }
        assertThat(id).isPositive();

        Http.Response replay = http.post("/api/v1/dead-letters/" + id + "/replay", "");
        assertThat(replay.json().get("status").asText()).isEqualTo("replayed");
        assertThat(http.get("/api/v1/auvs/" + auvId).json().get("last_update").asText()).isEqualTo(t.toString());
        assertThat(http.get("/api/v1/dead-letters/" + id).json().get("replayed_at").isNull()).isFalse();
        assertThat(http.post("/api/v1/dead-letters/" + id + "/replay", "").status()).isEqualTo(409);
        assertThat(camel.getRoute("dead-letter-log")).as("the local DLQ has a consumer").isNotNull();
    }
}
