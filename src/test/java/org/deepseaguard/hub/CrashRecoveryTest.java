package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's JVM is killed with SIGKILL mid-stream (a real separate process), twice, and restarted
 * on the same data dir; the client resends what it got no answer for (and once a batch it did get
 * an answer for, as a client that lost the answer would). Zone events, violations (ids, status,
 * times), vehicle states (entry times, open episodes) and the fix log end exactly as in an
 * uninterrupted run of the same script.
 */
class CrashRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VEHICLES = 10;
    private static final int FIXES_PER_VEHICLE = 300;
    private static final int FIXES_PER_BATCH_PER_VEHICLE = 10;
    private static final int BATCHES = FIXES_PER_VEHICLE / FIXES_PER_BATCH_PER_VEHICLE;
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.DAYS);

    @TempDir
    Path uninterruptedDir;

    @TempDir
    Path crashedDir;

    /** The hub of the crashed run now, killed after the test whatever happened. */
    private HubProcess running;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (running != null) {
            running.kill();
        }
    }

    @Test
    void aKilledHubRestartsExactlyWhereItsLastCommittedBatchLeftOff() throws Exception {
        HubProcess reference = HubProcess.start(uninterruptedDir, "uninterrupted");
        Outcome expected;
        try {
            setUp(reference.http());
            for (int b = 0; b < BATCHES; b++) {
                send(reference.http(), b);
            }
            expected = Outcome.of(reference.http());
        } finally {
            reference.stop();
        }

        HubProcess hub = HubProcess.start(crashedDir, "run-1");
        running = hub;
        setUp(hub.http());
        for (int b = 0; b < 12; b++) {
            send(hub.http(), b);
        }
        // batch 12 is on its way when the process dies: judged and committed, or not at all
        CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
                batchRequest(hub.port(), 12), HttpResponse.BodyHandlers.ofString());
        hub.kill();
        inFlight.exceptionally(e -> null).get(30, TimeUnit.SECONDS);

        // the client got no answer for batch 12 and sends it again
        hub = HubProcess.start(crashedDir, "run-2");
        running = hub;
        for (int b = 12; b < 21; b++) {
            send(hub.http(), b);
        }
        // batch 20 was answered, but the client lost the answer and sends it again after the crash
        hub.kill();
        hub = HubProcess.start(crashedDir, "run-3");
        running = hub;
        JsonNode resent = send(hub.http(), 20);
        assertThat(resent.get("duplicates").asInt()).isEqualTo(VEHICLES * FIXES_PER_BATCH_PER_VEHICLE);
        for (int b = 21; b < BATCHES; b++) {
            send(hub.http(), b);
        }
        Outcome actual;
        try {
            actual = Outcome.of(hub.http());
        } finally {
            hub.stop();
        }

        assertThat(expected.violations()).as("the script raises violations").hasSizeGreaterThan(20);
        assertThat(expected.events()).as("the script enters and leaves zones").hasSizeGreaterThan(20);
        assertThat(actual.violations()).isEqualTo(expected.violations());
        assertThat(actual.events()).isEqualTo(expected.events());
        assertThat(actual.vehicles()).isEqualTo(expected.vehicles());
        assertThat(counts(crashedDir)).isEqualTo(counts(uninterruptedDir))
                .containsEntry("fix_log", (long) VEHICLES * FIXES_PER_VEHICLE)
                .containsEntry("tracked_vehicles", (long) VEHICLES);
    }

    /** What a run leaves, as the API shows it: every violation and event by id, every vehicle's status. */
    private record Outcome(Map<String, JsonNode> violations, Map<String, JsonNode> events, JsonNode vehicles) {

        static Outcome of(Http http) {
            Map<String, JsonNode> violations = new TreeMap<>();
            http.get("/api/v1/violations?limit=1000").json().get("violations")
                    .forEach(v -> violations.put(v.get("violation_id").asText(), v));
            Map<String, JsonNode> events = new TreeMap<>();
            http.get("/api/v1/events?limit=1000").json().get("events")
                    .forEach(e -> events.put(e.get("event_id").asText(), e));
            return new Outcome(violations, events, http.get("/api/v1/auvs").json());
        }
    }

    /**
     * A closed area (critical restricted_zone), a preservation reference zone side by side with it
     * (max_dwell 5 min, warning) and a 5,000 m depth limit (warning).
     */
    private static void setUp(Http http) {
        assertThat(http.post("/api/v1/zones", """
                {"type":"FeatureCollection","features":[
                 %s, %s]}""".formatted(HubTestSupport.squareZone("CR-CLOSED", "closed_area", 150.0, 10.0, 0.5),
                HubTestSupport.squareZone("CR-PRZ", "preservation_reference_zone", 150.5, 10.0, 0.5))).status())
                .isEqualTo(201);
        assertThat(http.post("/api/v1/rules", """
                [{"rule_id":"CR-R-CLOSED","type":"restricted_zone","severity":"critical","zone_ids":["CR-CLOSED"]},
                 {"rule_id":"CR-R-DWELL","type":"max_dwell","severity":"warning","zone_ids":["CR-PRZ"],"max_dwell_seconds":300},
                 {"rule_id":"CR-R-DEPTH","type":"depth_limit","severity":"warning","max_depth":5000}]""").status())
                .isEqualTo(201);
    }

    private static JsonNode send(Http http, int batch) {
        Http.Response r = http.send(http.request("/api/v1/telemetry")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batchBody(batch))));
        assertThat(r.status()).as("batch %d: %s", batch, r.text()).isEqualTo(202);
        assertThat(r.json().get("rejected")).isEmpty();
        return r.json();
    }

    private static HttpRequest batchRequest(int port, int batch) {
        return HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/telemetry"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batchBody(batch))).build();
    }

    /**
     * Batch {@code b}: fixes {@code 10b..10b+9} of every vehicle (10 s apart), vehicle by vehicle;
     * each vehicle swings east and west across both zones and up and down through 5,000 m.
     */
    private static String batchBody(int b) {
        ArrayNode fixes = JSON.createArrayNode();
        for (int v = 0; v < VEHICLES; v++) {
            for (int i = b * FIXES_PER_BATCH_PER_VEHICLE; i < (b + 1) * FIXES_PER_BATCH_PER_VEHICLE; i++) {
                ObjectNode fix = fixes.addObject();
                fix.put("auv_id", "CR-AUV-" + v);
                fix.put("timestamp", T0.plusSeconds(10L * i).toString());
                fix.put("latitude", 10.1 + 0.03 * v);
                fix.put("longitude", Math.round((149.8 + 1.4 * (0.5 + 0.5 * Math.sin(i / 15.0 + v))) * 1e6) / 1e6);
                fix.put("depth", Math.round(4000 + 1500 * Math.sin(i / 7.0 + v)));
            }
        }
        return fixes.toString();
    }

    /** Row counts of the fix log and the durable states, read from the stopped hub's H2 file. */
    private static Map<String, Long> counts(Path dataDir) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("deepseaguard")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
             Statement s = c.createStatement()) {
            for (String table : List.of("fix_log", "tracked_vehicles", "vehicle_zones", "violations", "zone_events")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
