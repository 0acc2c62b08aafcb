package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.DeepSeaGuardApplication;
import org.deepseaguard.hub.api.ApiKeyFilter;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.AuditHash;
import org.deepseaguard.hub.service.AuditLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log on PostgreSQL (profile {@code stack}, a fresh database, Redis under a fresh prefix):
 * the trigger refuses UPDATE, DELETE and TRUNCATE; an entry edited with the trigger disabled (as a
 * superuser can) is named by {@code /audit/verify}; appends of concurrent transactions form one
 * unbroken chain (the second waits on the head row the first holds). The brokers are off: this class
 * never touches the RabbitMQ, MQTT or Kafka other tests share.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("stack")
@ContextConfiguration(initializers = {FreshPostgresDatabase.class, FreshRedisPrefix.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "deepseaguard.security.api-keys[0]=" + StackTestSupport.ADMIN_KEY_SHA256 + ":admin:it-admin",
        "deepseaguard.alerts.secret-key=" + StackTestSupport.ALERT_SECRET_KEY,
        "deepseaguard.amqp.enabled=false",
        "deepseaguard.ingest.amqp.enabled=false",
        "deepseaguard.ingest.mqtt.enabled=false",
        "deepseaguard.ingest.kafka.enabled=false",
        "deepseaguard.analytics.kafka.enabled=false",
        "deepseaguard.influxdb.enabled=false",
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
class AuditLogIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditLog audit;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theTriggerRefusesEditsAndVerifyNamesAnEntryEditedWithItDisabled() {
        long base = jdbc.queryForObject("SELECT last_seq FROM audit_head", Long.class);
        api("POST", "/zones", squareZone("Z-IT-AUD"), 201);
        api("POST", "/rules", """
                {"rule_id":"R-IT-AUD","type":"restricted_zone","severity":"critical","zone_ids":["Z-IT-AUD"]}""", 201);
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        api("POST", "/telemetry", "[" + fix("AUV-IT-AUD", t, 40.5, 80.5) + "," + fix("AUV-IT-AUD", t.plusSeconds(10), 39.5, 80.5)
                + "]", 202);
        JsonNode entries = api("GET", "/audit?limit=1000&offset=" + base, null, 200).get("entries");
        assertThat(entries).extracting(e -> e.get("kind").asText())
                .containsExactly("zone_created", "rule_created", "violation_opened", "violation_closed");
        assertThat(entries.get(0).get("actor").asText()).isEqualTo("it-admin");
        assertThat(entries.get(2).get("actor").asText()).isEqualTo("hub");
        assertThat(entries.get(2).get("payload").get("rule_id").asText()).isEqualTo("R-IT-AUD");
        assertThat(entries.get(2).get("payload").get("zone_id").asText()).isEqualTo("Z-IT-AUD");
        assertThat(api("GET", "/audit/verify", null, 200).get("ok").asBoolean()).isTrue();

        long opened = base + 3;
        long closed = base + 4;
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_log SET actor = 'someone' WHERE seq = ?", opened))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_log WHERE seq = ?", closed))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_log"))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class)).isEqualTo(closed);

        String payload = jdbc.queryForObject("SELECT payload FROM audit_log WHERE seq = ?", String.class, opened);
        Map<String, Object> last = jdbc.queryForMap("SELECT * FROM audit_log WHERE seq = ?", closed);
        // the test's user is a superuser, as an attacker with full database rights would be
        jdbc.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
        try {
            jdbc.update("UPDATE audit_log SET payload = ? WHERE seq = ?", payload.replace("Z-IT-AUD", "Z-ELSEWHERE"), opened);
            JsonNode verified = api("GET", "/audit/verify", null, 200);
            assertThat(verified.get("ok").asBoolean()).isFalse();
            assertThat(verified.get("entries").asLong()).isEqualTo(opened);
            assertThat(verified.get("first_bad").get("seq").asLong()).isEqualTo(opened);
            assertThat(verified.get("first_bad").get("reason").asText()).isEqualTo("payload hash does not match");

            // the last entry removed: the head still names it
            jdbc.update("UPDATE audit_log SET payload = ? WHERE seq = ?", payload, opened);
            jdbc.update("DELETE FROM audit_log WHERE seq = ?", closed);
            verified = api("GET", "/audit/verify", null, 200);
            assertThat(verified.get("ok").asBoolean()).isFalse();
            assertThat(verified.get("first_bad").get("seq").asLong()).isEqualTo(closed);
            assertThat(verified.get("first_bad").get("reason").asText()).isEqualTo("sequence gap");
        } finally {
            jdbc.update("UPDATE audit_log SET payload = ? WHERE seq = ?", payload, opened);
            if (jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE seq = ?", Long.class, closed) == 0) {
                jdbc.update("INSERT INTO audit_log (seq, recorded_at, actor, actor_role, kind, payload, payload_sha256, "
                        + "prev_sha256, entry_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", last.get("seq"), last.get("recorded_at"),
                        last.get("actor"), last.get("actor_role"), last.get("kind"), last.get("payload"),
                        last.get("payload_sha256"), last.get("prev_sha256"), last.get("entry_sha256"));
            }
            jdbc.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only");
        }
        assertThat(api("GET", "/audit/verify", null, 200).get("ok").asBoolean()).isTrue();
    }

    @Test
    void concurrentTransactionsAppendOneUnbrokenChain() throws Exception {
        long start = jdbc.queryForObject("SELECT last_seq FROM audit_head", Long.class);
        String startHash = jdbc.queryForObject("SELECT last_sha256 FROM audit_head", String.class);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // A holds the head row (uncommitted) while B tries to append: B waits on the lock, then follows A
            CountDownLatch bWaits = new CountDownLatch(1);
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> tx.executeWithoutResult(status -> {
                audit.append(AuditActor.SYSTEM, List.of(audit.record("test_a", Map.of("n", 1)),
                        audit.record("test_a", Map.of("n", 2))));
                await().atMost(Duration.ofSeconds(30)).until(() -> bWaits.getCount() == 0);
            }), pool);
            await().atMost(Duration.ofSeconds(30)).until(() -> headLocked() >= 1);
            CompletableFuture<Void> b = CompletableFuture.runAsync(
                    () -> audit.record(AuditActor.HUB, "test_b", Map.of("n", 3)), pool);
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnLock() >= 1);
            assertThat(b).isNotDone();
            bWaits.countDown();
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);

            List<Map<String, Object>> rows = jdbc.queryForList(
                    "SELECT seq, kind, prev_sha256, entry_sha256 FROM audit_log WHERE seq > ? ORDER BY seq", start);
            assertThat(rows).extracting(r -> r.get("kind")).containsExactly("test_a", "test_a", "test_b");
            assertThat(rows.get(0).get("prev_sha256")).isEqualTo(startHash);
            assertThat(rows.get(2).get("prev_sha256")).isEqualTo(rows.get(1).get("entry_sha256"));

            // many at once: 8 threads, 25 transactions each, 1 to 3 entries per transaction
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int id = thread;
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 25; i++) {
                        int n = 1 + i % 3;
                        List<AuditLog.Record> records = new ArrayList<>();
                        for (int k = 0; k < n; k++) {
                            records.add(audit.record("test_many", Map.of("thread", id, "i", i, "k", k)));
                        }
                        tx.executeWithoutResult(status -> audit.append(new AuditActor("t" + id, "admin"), records));
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        long many = jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE kind = 'test_many'", Long.class);
        assertThat(many).isEqualTo(8 * (9 * 1 + 8 * 2 + 8 * 3));
        long last = jdbc.queryForObject("SELECT last_seq FROM audit_head", Long.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class)).isEqualTo(last);
        assertThat(jdbc.queryForObject("SELECT MAX(seq) FROM audit_log", Long.class)).isEqualTo(last);
        // every link: the previous entry's hash, and every entry hash as the definition gives it
        List<Map<String, Object>> chain = jdbc.queryForList("SELECT seq, prev_sha256, entry_sha256 FROM audit_log ORDER BY seq");
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).get("prev_sha256")).as("link of %s", chain.get(i).get("seq"))
                    .isEqualTo(chain.get(i - 1).get("entry_sha256"));
        }
        JsonNode verified = api("GET", "/audit/verify", null, 200);
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("entries").asLong()).isEqualTo(last);
        assertThat(chain.get(0).get("prev_sha256")).isEqualTo(AuditHash.GENESIS);
    }

    /** Backends of this database holding a row lock on audit_head (1 while A is inside its transaction). */
    private long headLocked() {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                WHERE c.relname = 'audit_head' AND l.mode = 'RowShareLock' AND l.granted""", Long.class);
    }

    private long waitingOnLock() {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%audit_head%'""", Long.class);
    }

    private JsonNode api(String method, String path, String body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                .header("X-API-Key", StackTestSupport.ADMIN_KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s -> %s", method, path, response.body()).isEqualTo(expected);
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String fix(String auvId, Instant t, double lat, double lon) {
        return String.format(Locale.ROOT, "{\"auv_id\":\"%s\",\"timestamp\":\"%s\",\"latitude\":%s,\"longitude\":%s,\"depth\":100}",
                auvId, t, lat, lon);
    }

    private static String squareZone(String zoneId) {
        return """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[80,40],[81,40],[81,41],[80,41],[80,40]]]},
                 "properties":{"zone_id":"%s","name":"%s","zone_type":"closed_area"}}""".formatted(zoneId, zoneId);
    }
}
