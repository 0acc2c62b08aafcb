package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.deepseaguard.hub.HubTestSupport.ago;
import static org.deepseaguard.hub.HubTestSupport.fix;
import static org.deepseaguard.hub.HubTestSupport.squareZone;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.api.ApiKeyFilter;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.AuditHash;
import org.deepseaguard.hub.service.AuditLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log on H2 (docs/audit.md): violation transitions of fixes sent over HTTP (actor
 * {@code hub}), zone, rule and vehicle changes with the key's name as actor ({@code key:<12 hex>}
 * for an unnamed key), dead-letter replays; who may read it; the trigger; and that {@code /verify}
 * names an entry edited behind the hub's back.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"deepseaguard.demo.enabled=false", "deepseaguard.simulator.enabled=false"})
class AuditLogTest {

    static final String UNNAMED_ADMIN = "key:" + ApiKeyFilter.sha256("admin2-secret").substring(0, 12);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("deepseaguard.data-dir", AuditLogTest::tempDir);
        registry.add("deepseaguard.security.api-keys[0]", () -> ApiKeyFilter.sha256("ingest-secret") + ":ingest:gateway");
        registry.add("deepseaguard.security.api-keys[1]", () -> ApiKeyFilter.sha256("auditor-secret") + ":auditor:regulator");
        registry.add("deepseaguard.security.api-keys[2]", () -> ApiKeyFilter.sha256("admin-secret") + ":admin:ops-lead");
        registry.add("deepseaguard.security.api-keys[3]", () -> ApiKeyFilter.sha256("operator-secret") + ":operator:duty");
        registry.add("deepseaguard.security.api-keys[4]", () -> ApiKeyFilter.sha256("admin2-secret") + ":admin");
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("dsg-audit").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    AuditLog audit;
    @Autowired
    TransactionTemplate tx;

    Http as(String key) {
        return new Http(port, Map.of("X-API-Key", key));
    }

    @Test
    void violationTransitionsAndChangesAreAuditedWithTheirActors() {
        Http admin = as("admin-secret");
        Http admin2 = as("admin2-secret");
        Http ingest = as("ingest-secret");
        assertThat(admin.post("/api/v1/zones", squareZone("Z-AUD", "closed_area", 80, 40, 1)).status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/rules", """
                {"rule_id":"R-AUD","type":"restricted_zone","severity":"critical","zone_ids":["Z-AUD"]}""").status())
                .isEqualTo(201);
        assertThat(admin2.put("/api/v1/rules/R-AUD", """
                {"type":"restricted_zone","severity":"critical","zone_ids":["Z-AUD"],"description":"closed"}""").status())
                .isEqualTo(200);
        assertThat(admin2.post("/api/v1/auvs", """
                {"auv_id":"AUV-AUD","name":"Audited","operator":"NORI"}""").status()).isEqualTo(201);
        assertThat(admin.put("/api/v1/auvs/AUV-AUD", """
                {"name":"Audited 2","operator":"NORI","max_depth":6000}""").status()).isEqualTo(200);
        assertThat(admin.post("/api/v1/zones", squareZone("Z-AUD-GONE", "custom", 10, 10, 1)).status()).isEqualTo(201);
        assertThat(admin2.delete("/api/v1/zones/Z-AUD-GONE").status()).isEqualTo(204);

        // outside, in, still in (a batch of its own), out: opened, updated, closed
        Instant t = ago(300);
        assertThat(ingest.post("/api/v1/telemetry", fix("AUV-AUD", t, 39.5, 80.5, 100)).status()).isEqualTo(202);
        assertThat(ingest.post("/api/v1/telemetry", fix("AUV-AUD", t.plusSeconds(10), 40.5, 80.5, 100)).status()).isEqualTo(202);
        assertThat(ingest.post("/api/v1/telemetry", fix("AUV-AUD", t.plusSeconds(20), 40.6, 80.5, 100)).status()).isEqualTo(202);
        assertThat(ingest.post("/api/v1/telemetry", fix("AUV-AUD", t.plusSeconds(30), 39.5, 80.5, 100)).status()).isEqualTo(202);
        // in and out within one batch: opened and closed both
        assertThat(ingest.post("/api/v1/telemetry", "[" + fix("AUV-AUD-2", t, 40.5, 80.5, 100) + ","
                + fix("AUV-AUD-2", t.plusSeconds(10), 39.5, 80.5, 100) + "]").status()).isEqualTo(202);
        // a batch that changes no violation writes nothing
        long before = count();
        assertThat(ingest.post("/api/v1/telemetry", fix("AUV-AUD", t.plusSeconds(40), 39.4, 80.5, 100)).status()).isEqualTo(202);
        assertThat(count()).isEqualTo(before);

        Http auditor = as("auditor-secret");
        String violationId = as("auditor-secret").get("/api/v1/violations?auv_id=AUV-AUD").json()
                .get("violations").get(0).get("violation_id").asText();
        List<JsonNode> episode = entries(auditor, "").stream()
                .filter(e -> e.get("kind").asText().startsWith("violation_")
                        && e.get("payload").get("violation_id").asText().equals(violationId)).toList();
        assertThat(episode).extracting(e -> e.get("kind").asText())
                .containsExactly("violation_opened", "violation_updated", "violation_closed");
        for (JsonNode e : episode) {
            assertThat(e.get("actor").asText()).isEqualTo("hub");
            assertThat(e.get("actor_role").asText()).isEqualTo("hub");
            assertThat(e.get("payload").get("rule_id").asText()).isEqualTo("R-AUD");
            assertThat(e.get("payload").get("zone_id").asText()).isEqualTo("Z-AUD");
            assertThat(e.get("payload").get("auv_id").asText()).isEqualTo("AUV-AUD");
            assertThat(e.get("payload").get("source").asText()).isEqualTo("http");
        }
        assertThat(episode.get(0).get("payload").get("status").asText()).isEqualTo("open");
        assertThat(episode.get(0).get("payload").get("started_at").asText()).isEqualTo(t.plusSeconds(10).toString());
        assertThat(episode.get(1).get("payload").get("last_seen_at").asText()).isEqualTo(t.plusSeconds(20).toString());
        assertThat(episode.get(2).get("payload").get("status").asText()).isEqualTo("closed");
        assertThat(episode.get(2).get("payload").get("ended_at").asText()).isEqualTo(t.plusSeconds(30).toString());

        List<JsonNode> second = entries(auditor, "").stream()
                .filter(e -> e.get("kind").asText().startsWith("violation_")
                        && e.get("payload").get("auv_id").asText().equals("AUV-AUD-2")).toList();
        assertThat(second).extracting(e -> e.get("kind").asText()).containsExactly("violation_opened", "violation_closed");
        assertThat(second.get(1).get("seq").asLong()).isEqualTo(second.get(0).get("seq").asLong() + 1);

        // changes: the key's name (or key:<12 hex>) and its role
        assertThat(one(auditor, "zone_created", "zone_id", "Z-AUD").get("actor").asText()).isEqualTo("ops-lead");
        assertThat(one(auditor, "zone_created", "zone_id", "Z-AUD").get("actor_role").asText()).isEqualTo("admin");
        assertThat(one(auditor, "zone_created", "zone_id", "Z-AUD").get("payload").get("feature_sha256").asText())
                .isEqualTo(AuditHash.payload(jdbc.queryForObject(
                        "SELECT feature FROM zone_versions WHERE zone_id = 'Z-AUD' AND version = 1", String.class)));
        JsonNode deleted = one(auditor, "zone_deleted", "zone_id", "Z-AUD-GONE");
        assertThat(deleted.get("actor").asText()).isEqualTo(UNNAMED_ADMIN);
        assertThat(deleted.get("payload").get("version").asInt()).isEqualTo(2);
        assertThat(one(auditor, "rule_created", "rule_id", "R-AUD").get("actor").asText()).isEqualTo("ops-lead");
        JsonNode ruleUpdated = one(auditor, "rule_updated", "rule_id", "R-AUD");
        assertThat(ruleUpdated.get("actor").asText()).isEqualTo(UNNAMED_ADMIN);
        assertThat(ruleUpdated.get("payload").get("version").asInt()).isEqualTo(2);
        assertThat(ruleUpdated.get("payload").get("rule").get("description").asText()).isEqualTo("closed");
        assertThat(one(auditor, "vehicle_registered", "auv_id", "AUV-AUD").get("actor").asText()).isEqualTo(UNNAMED_ADMIN);
        JsonNode vehicleUpdated = one(auditor, "vehicle_updated", "auv_id", "AUV-AUD");
        assertThat(vehicleUpdated.get("actor").asText()).isEqualTo("ops-lead");
        assertThat(vehicleUpdated.get("payload").get("max_depth").asDouble()).isEqualTo(6000.0);

        // the kind filter, paging and the time range
        JsonNode closed = auditor.get("/api/v1/audit?kind=violation_closed&limit=1").json();
        assertThat(closed.get("total").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(closed.get("entries")).hasSize(1);
        assertThat(closed.get("entries").get(0).get("kind").asText()).isEqualTo("violation_closed");
        assertProblem(auditor.get("/api/v1/audit?from=yesterday"), 400);

        JsonNode verified = auditor.get("/api/v1/audit/verify").json();
        assertThat(verified.get("ok").asBoolean()).isTrue();
        assertThat(verified.get("entries").asLong()).isEqualTo(count());
        assertThat(verified.has("first_bad")).isFalse();
    }

    @Test
    void aDeadLetterReplayIsAuditedWithItsActor() {
        Instant t = ago(30);
        producer.send("direct:dead-letter-park", exchange -> {
            exchange.setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, "direct:telemetry-ingest");
            exchange.getMessage().setBody(fix("AUV-AUD-DL", t, 5.0, 5.0, 100.0));
            exchange.getMessage().setHeaders(Map.of("deepseaguard_dlq_reason", "the database was down",
                    "deepseaguard_dlq_route_id", "compliance-evaluate", "deepseaguard_dlq_source", "amqp"));
        });
        long id = jdbc.queryForObject("SELECT id FROM dead_letters WHERE payload LIKE '%AUV-AUD-DL%'", Long.class);
        Http.Response replay = as("admin-secret").post("/api/v1/dead-letters/" + id + "/replay", "");
        assertThat(replay.json().get("status").asText()).isEqualTo("replayed");

        JsonNode entry = one(as("auditor-secret"), "dead_letter_replayed", "dead_letter_id", String.valueOf(id));
        assertThat(entry.get("actor").asText()).isEqualTo("ops-lead");
        assertThat(entry.get("payload").get("outcome").asText()).isEqualTo("replayed");
        assertThat(entry.get("payload").get("replay_endpoint").asText()).isEqualTo("direct:telemetry-ingest");
    }

    @Test
    void onlyAuditorsAndAdminsReadTheAuditLog() {
        assertThat(as("auditor-secret").get("/api/v1/audit").status()).isEqualTo(200);
        assertThat(as("admin-secret").get("/api/v1/audit/verify").status()).isEqualTo(200);
        assertProblem(as("operator-secret").get("/api/v1/audit"), 403);
        assertProblem(as("operator-secret").get("/api/v1/audit/verify"), 403);
        assertProblem(as("operator-secret").get("/api/v1/%61udit"), 403);
        assertProblem(as("ingest-secret").get("/api/v1/audit"), 403);
        assertProblem(new Http(port).get("/api/v1/audit"), 401);
        // operators still read the rest
        assertThat(as("operator-secret").get("/api/v1/violations").status()).isEqualTo(200);
    }

    @Test
    void theTriggerRefusesEditsAndVerifyNamesAnEntryEditedAroundIt() {
        Http admin = as("admin-secret");
        admin.post("/api/v1/zones", squareZone("Z-AUD-T1", "custom", 20, 20, 1));
        admin.post("/api/v1/zones", squareZone("Z-AUD-T2", "custom", 22, 20, 1));
        admin.post("/api/v1/zones", squareZone("Z-AUD-T3", "custom", 24, 20, 1));
        long target = one(as("auditor-secret"), "zone_created", "zone_id", "Z-AUD-T2").get("seq").asLong();

        assertThatThrownBy(() -> jdbc.update("UPDATE audit_log SET actor = 'someone' WHERE seq = ?", target))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_log WHERE seq = ?", target))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThat(jdbc.queryForObject("SELECT actor FROM audit_log WHERE seq = ?", String.class, target)).isEqualTo("ops-lead");

        Map<String, Object> original = jdbc.queryForMap("SELECT payload, payload_sha256 FROM audit_log WHERE seq = ?", target);
        String payload = (String) original.get("payload");
        String forged = payload.replace("Z-AUD-T2", "Z-AUD-XX");
        // an attacker with DB rights drops the trigger first
        jdbc.execute("DROP TRIGGER audit_log_append_only");
        try {
            jdbc.update("UPDATE audit_log SET payload = ? WHERE seq = ?", forged, target);
            JsonNode verified = as("auditor-secret").get("/api/v1/audit/verify").json();
            assertThat(verified.get("ok").asBoolean()).isFalse();
            assertThat(verified.get("first_bad").get("seq").asLong()).isEqualTo(target);
            assertThat(verified.get("first_bad").get("reason").asText()).isEqualTo("payload hash does not match");
            assertThat(verified.get("entries").asLong()).isEqualTo(target);

            // the payload hash made to fit too: the entry hash gives it away
            jdbc.update("UPDATE audit_log SET payload_sha256 = ? WHERE seq = ?", AuditHash.payload(forged), target);
            verified = as("auditor-secret").get("/api/v1/audit/verify").json();
            assertThat(verified.get("first_bad").get("seq").asLong()).isEqualTo(target);
            assertThat(verified.get("first_bad").get("reason").asText()).isEqualTo("entry hash does not match");

            // a range after the edit starts from the stored hash of the entry before it
            Instant after = jdbc.queryForObject("SELECT recorded_at FROM audit_log WHERE seq = ?",
                    OffsetDateTime.class, target + 1).toInstant();
            JsonNode later = as("auditor-secret").get("/api/v1/audit/verify?from=" + after).json();
            assertThat(later.get("ok").asBoolean()).isTrue();
            assertThat(later.get("entries").asLong()).isPositive();
        } finally {
            jdbc.update("UPDATE audit_log SET payload = ?, payload_sha256 = ? WHERE seq = ?", payload,
                    original.get("payload_sha256"), target);
            jdbc.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE, DELETE ON audit_log "
                    + "FOR EACH ROW CALL 'org.deepseaguard.hub.store.AppendOnlyTrigger'");
        }
        assertThat(as("auditor-secret").get("/api/v1/audit/verify").json().get("ok").asBoolean()).isTrue();
    }

    @Test
    void concurrentTransactionsAppendOneChainOnH2Too() throws Exception {
        long before = count();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int thread = 0; thread < 6; thread++) {
                int id = thread;
                all.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        List<AuditLog.Record> records = List.of(audit.record("test_h2", Map.of("thread", id, "i", i)),
                                audit.record("test_h2", Map.of("thread", id, "i", i, "second", true)));
                        tx.executeWithoutResult(status -> audit.append(new AuditActor("t" + id, "admin"), records));
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count()).isEqualTo(before + 6 * 20 * 2);
        assertThat(jdbc.queryForObject("SELECT last_seq FROM audit_head", Long.class)).isEqualTo(count());
        // the two entries of one transaction are next to each other
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM audit_log a JOIN audit_log b ON b.seq = a.seq + 1
                WHERE a.kind = 'test_h2' AND a.payload NOT LIKE '%second%' AND b.payload LIKE '%second%'
                  AND b.actor = a.actor""", Long.class)).isEqualTo(6 * 20);
        JsonNode verified = as("auditor-secret").get("/api/v1/audit/verify").json();
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("entries").asLong()).isEqualTo(count());
    }

    private long count() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class);
    }

    /** Every entry, ascending, read page by page through the API ({@code extra}: more query parameters). */
    private static List<JsonNode> entries(Http http, String extra) {
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            JsonNode page = http.get("/api/v1/audit?limit=1000&offset=" + all.size() + extra).json();
            page.get("entries").forEach(all::add);
            if (all.size() >= page.get("total").asLong() || page.get("entries").isEmpty()) {
                return all;
            }
        }
    }

    /** The one entry of {@code kind} whose payload field {@code field} is {@code value}. */
    private static JsonNode one(Http http, String kind, String field, String value) {
        List<JsonNode> found = entries(http, "&kind=" + kind).stream()
                .filter(e -> e.get("payload").path(field).asText().equals(value)).toList();
        assertThat(found).as("%s entries with %s=%s", kind, field, value).hasSize(1);
        return found.get(0);
    }
}
