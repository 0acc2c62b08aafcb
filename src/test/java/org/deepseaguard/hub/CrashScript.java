package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scripted fleet of the crash tests: 10 vehicles, 300 fixes each (10 s apart), cut into 30
 * batches (batch {@code b} holds fixes {@code 10b..10b+9} of every vehicle); each vehicle swings east
 * and west across a closed area and a preservation reference zone and up and down through 5,000 m,
 * so entries, exits and episodes of three rules open and close all along.
 */
public final class CrashScript {

    public static final int VEHICLES = 10;
    public static final int FIXES_PER_VEHICLE = 300;
    public static final int FIXES_PER_BATCH_PER_VEHICLE = 10;
    public static final int BATCHES = FIXES_PER_VEHICLE / FIXES_PER_BATCH_PER_VEHICLE;
    public static final int FIXES = VEHICLES * FIXES_PER_VEHICLE;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.DAYS);

    private CrashScript() {
    }

    /** What a run leaves, as the API shows it: every violation and event by id, every vehicle's status. */
    public record Outcome(Map<String, JsonNode> violations, Map<String, JsonNode> events, JsonNode vehicles) {

        public static Outcome of(Http http) {
            Map<String, JsonNode> violations = new TreeMap<>();
            http.get("/api/v1/violations?limit=1000").json().get("violations")
                    .forEach(v -> violations.put(v.get("violation_id").asText(), v));
            Map<String, JsonNode> events = new TreeMap<>();
            http.get("/api/v1/events?limit=1000").json().get("events")
                    .forEach(e -> events.put(e.get("event_id").asText(), e));
            return new Outcome(violations, events, http.get("/api/v1/auvs").json());
        }
    }

    /** A closed area (critical restricted_zone), a PRZ beside it (max_dwell 5 min), a 5,000 m depth limit. */
    public static void setUp(Http http) {
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

    /** POSTs batch {@code b} and checks it was taken whole. */
    public static JsonNode send(Http http, int b) {
        Http.Response r = http.send(http.request("/api/v1/telemetry")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch(b).toString())));
        assertThat(r.status()).as("batch %d: %s", b, r.text()).isEqualTo(202);
        assertThat(r.json().get("rejected")).isEmpty();
        return r.json();
    }

    public static HttpRequest request(int port, int b) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/telemetry"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch(b).toString())).build();
    }

    /** The fixes of batch {@code b}, vehicle by vehicle. */
    public static ArrayNode batch(int b) {
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
        return fixes;
    }

    /** Row counts of the tables the durable state is made of. */
    public static Map<String, Long> counts(Connection c) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Statement s = c.createStatement()) {
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
