package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Analytics never hold up compliance: with Kafka unreachable, fixes are still judged at once, the
 * analytics records that cannot be sent are parked (dead letters, replayable to analytics-kafka), and
 * those that do not fit the queue are parked at once.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "deepseaguard.demo.enabled=false",
                "deepseaguard.simulator.enabled=false",
                "deepseaguard.routes-dir=src/test/resources/it-no-routes",
                "deepseaguard.analytics.kafka.enabled=true",
                "deepseaguard.analytics.queue-size=1",
                "camel.component.kafka.brokers=127.0.0.1:1",
                "camel.component.kafka.max-block-ms=300",
                "deepseaguard.dead-letter.maximum-redeliveries=1",
                "deepseaguard.dead-letter.redelivery-delay=50ms"
        })
@DirtiesContext
class AnalyticsOverflowTest {

    @DynamicPropertySource
    static void freshDataDir(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("dsg-analytics-overflow");
        registry.add("deepseaguard.data-dir", dataDir::toString);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void fixesAreJudgedWhileKafkaIsDownAndTheirAnalyticsRecordsAreParked() {
        Http http = new Http(port);
        Instant t = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            String fix = """
                    {"auv_id":"AUV-AN-%d","timestamp":"%s","latitude":1.0,"longitude":1.0,"depth":10}""".formatted(i, t);
            assertThat(http.post("/api/v1/telemetry", fix).status()).isEqualTo(202);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("nobody waited on Kafka").isLessThan(Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            assertThat(http.get("/api/v1/auvs/AUV-AN-" + i).json().get("last_update").asText()).isEqualTo(t.toString());
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM dead_letters WHERE replay_endpoint = 'direct:analytics-kafka'", Integer.class))
                .isEqualTo(5));
        List<Map<String, Object>> parked = jdbc.queryForList(
                "SELECT route_id, reason, payload FROM dead_letters WHERE replay_endpoint = 'direct:analytics-kafka'");
        assertThat(parked).extracting(r -> r.get("route_id")).contains("analytics-publish", "analytics-kafka");
        assertThat(parked).filteredOn(r -> "analytics-publish".equals(r.get("route_id")))
                .allSatisfy(r -> assertThat(r.get("reason").toString()).startsWith("analytics queue full"));
        assertThat(parked).extracting(r -> r.get("payload").toString())
                .allSatisfy(p -> assertThat(p).contains("\"auv_id\":\"AUV-AN-"));
    }
}
