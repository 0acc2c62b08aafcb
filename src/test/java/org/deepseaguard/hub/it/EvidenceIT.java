package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.DeepSeaGuardApplication;
import org.deepseaguard.hub.EvidenceScript;
import org.deepseaguard.hub.Http;
import org.deepseaguard.hub.api.ApiKeyFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 10 on PostgreSQL and InfluxDB (profile {@code stack}, a fresh database, InfluxDB database and
 * Redis prefix; brokers off, so the shared RabbitMQ, MQTT and Kafka are not touched): a registration
 * versioned and changed with {@code If-Match} (a stale one 412), a violation acknowledged by a named
 * operator key, an evidence package whose track comes from InfluxDB passing the offline check of
 * docs/evidence.md, and {@code /audit/verify} over everything that was recorded.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("stack")
@ContextConfiguration(initializers = {FreshPostgresDatabase.class, FreshRedisPrefix.class, FreshInfluxDatabase.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "deepseaguard.security.api-keys[0]=" + StackTestSupport.ADMIN_KEY_SHA256 + ":admin:it-admin",
        "deepseaguard.security.api-keys[1]=" + EvidenceIT.OPERATOR_SHA256 + ":operator:watch-officer",
        "deepseaguard.security.api-keys[2]=" + EvidenceIT.AUDITOR_SHA256 + ":auditor:regulator",
        "deepseaguard.alerts.secret-key=" + StackTestSupport.ALERT_SECRET_KEY,
        "deepseaguard.amqp.enabled=false",
        "deepseaguard.ingest.amqp.enabled=false",
        "deepseaguard.ingest.mqtt.enabled=false",
        "deepseaguard.ingest.kafka.enabled=false",
        "deepseaguard.analytics.kafka.enabled=false",
        "deepseaguard.influxdb.enabled=true",
        "deepseaguard.alerts.email.enabled=false",
        "deepseaguard.simulator.enabled=false",
        "deepseaguard.dead-letter.endpoint=seda:deepseaguard.dlq",
        "deepseaguard.outputs.geofencing-events=seda:geofencing_events",
        "deepseaguard.outputs.compliance-violations=seda:compliance_violations",
        "deepseaguard.outputs.critical-alerts=seda:critical_alerts",
        "deepseaguard.outputs.warning-alerts=seda:warning_alerts",
        "deepseaguard.outputs.alert-notifications=seda:alert_notifications",
        "management.health.rabbit.enabled=false",
        "deepseaguard.routes-dir=src/test/resources/it-no-routes",
        "camel.main.name=deepseaguard-it"
})
class EvidenceIT {

    static final String OPERATOR_KEY = "evidence-it-operator";
    static final String OPERATOR_SHA256 = "b47f672d355e54bd53f80b3154461e1f9cf0584f335d12a0b19efbe104365d82";
    static final String AUDITOR_KEY = "evidence-it-auditor";
    static final String AUDITOR_SHA256 = "309a3773822c3e26f65babd8b637ca382c71ccc1ac50be4c17b6abfb03b65ccc";

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @TempDir
    Path dir;

    @Test
    void versionsAcknowledgementEvidenceAndTheAuditChainOnPostgresql() throws Exception {
        assertThat(ApiKeyFilter.sha256(OPERATOR_KEY)).as("OPERATOR_SHA256").isEqualTo(OPERATOR_SHA256);
        assertThat(ApiKeyFilter.sha256(AUDITOR_KEY)).as("AUDITOR_SHA256").isEqualTo(AUDITOR_SHA256);
        Http admin = new Http(port, Map.of("X-API-Key", StackTestSupport.ADMIN_KEY));
        Http operator = new Http(port, Map.of("X-API-Key", OPERATOR_KEY));
        Http auditor = new Http(port, Map.of("X-API-Key", AUDITOR_KEY));

        assertThat(admin.post("/api/v1/zones", """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-117.5,10.0],[-117.0,10.0],[-117.0,10.5],[-117.5,10.5],[-117.5,10.0]]]},
                 "properties":{"zone_id":"EV-APEI","name":"evidence APEI","zone_type":"apei"}}""").status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/rules", """
                {"rule_id":"EV-R-APEI","type":"restricted_zone","severity":"critical","zone_ids":["EV-APEI"]}""").status())
                .isEqualTo(201);
        assertThat(admin.put("/api/v1/auvs/EV-AUV-1", """
                {"name":"first","operator":"NORI","contract_ids":["NORI-D"]}""").status()).isEqualTo(201);
        // a registration change with the version read, then one with a stale version
        Http.Response read = admin.get("/api/v1/auvs/EV-AUV-1");
        assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");
        Http.Response changed = admin.withHeaders(Map.of("X-API-Key", StackTestSupport.ADMIN_KEY, "If-Match", "\"1\""))
                .put("/api/v1/auvs/EV-AUV-1", """
                        {"name":"renamed","operator":"NORI","contract_ids":["NORI-D"]}""");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(admin.withHeaders(Map.of("X-API-Key", StackTestSupport.ADMIN_KEY, "If-Match", "\"1\""))
                .put("/api/v1/auvs/EV-AUV-1", "{\"name\":\"late\",\"contract_ids\":[]}").status()).isEqualTo(412);
        assertThat(admin.get("/api/v1/auvs/EV-AUV-1/versions").json().get("versions")).hasSize(2);

        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(300);
        String fixes = "[" + String.join(",",
                fix(t0, 9.9), fix(t0.plusSeconds(30), 10.2), fix(t0.plusSeconds(60), 10.3), fix(t0.plusSeconds(90), 9.8)) + "]";
        assertThat(admin.post("/api/v1/telemetry", fixes).status()).isEqualTo(202);
        JsonNode violation = admin.get("/api/v1/violations?auv_id=EV-AUV-1").json().get("violations").get(0);
        String violationId = violation.get("violation_id").asText();
        assertThat(violation.get("status").asText()).isEqualTo("closed");

        Http.Response acknowledged = operator.post("/api/v1/violations/" + violationId + "/ack", "{\"note\":\"seen\"}");
        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(acknowledged.json().at("/acknowledgement/acknowledged_by").asText()).isEqualTo("watch-officer");
        assertThat(jdbc.queryForObject("SELECT acknowledged_by FROM violation_acknowledgements WHERE violation_id = ?",
                String.class, violationId)).isEqualTo("watch-officer");

        // the track is read from InfluxDB, written about a second after the batch: wait for all four fixes
        String evidence = "/api/v1/evidence?auv_id=EV-AUV-1&from=" + t0.minusSeconds(10) + "&to=" + t0.plusSeconds(120);
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<byte[]>[] answer = new HttpResponse[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            answer[0] = client.send(auditor.request(evidence).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer[0].statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(EvidenceScript.unzip(answer[0].body()).get("track.geojson")).at("/properties/fixes").asInt())
                    .isEqualTo(4);
        });
        Map<String, byte[]> files = EvidenceScript.unzip(answer[0].body());
        JsonNode packaged = JSON.readTree(files.get("violations.json")).get(0);
        assertThat(packaged.get("violation_id").asText()).isEqualTo(violationId);
        assertThat(packaged.at("/acknowledgement/acknowledged_by").asText()).isEqualTo("watch-officer");
        assertThat(JSON.readTree(files.get("audit.json")).findValuesAsText("kind"))
                .contains("violation_opened", "violation_closed", "violation_acknowledged", "zone_created", "rule_created");
        EvidenceScript.Result check = EvidenceScript.run(dir, answer[0].body());
        assertThat(check.verified()).as(check.output()).isTrue();

        JsonNode verify = auditor.get("/api/v1/audit/verify").json();
        assertThat(verify.get("ok").asBoolean()).as(verify.toString()).isTrue();
        assertThat(verify.get("entries").asLong()).isEqualTo(
                jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class));
        assertThat(jdbc.queryForObject("SELECT actor FROM audit_log WHERE kind = 'evidence_exported' ORDER BY seq DESC LIMIT 1",
                String.class)).isEqualTo("regulator");
    }

    private static String fix(Instant t, double latitude) {
        return """
                {"auv_id":"EV-AUV-1","timestamp":"%s","latitude":%s,"longitude":-117.2,"depth":4100}""".formatted(t, latitude);
    }
}
