package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.deepseaguard.core.engine.ComplianceEngine;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.core.io.GeoJsonZones;
import org.deepseaguard.core.io.PropertyMapping;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.rules.ParameterReader;
import org.deepseaguard.core.rules.RuleTypes;
import org.deepseaguard.hub.Http;

/**
 * A scripted fleet for the fault tests: {@code vehicles} vehicles named {@code <prefix><v>}, each
 * sending {@code fixesPerVehicle} fixes 10 s apart that swing east and west across a closed area
 * and a preservation reference zone and up and down through 5,000 m (the geometry of
 * {@link org.deepseaguard.hub.CrashScript}), so episodes of three rules open and close all along.
 *
 * <p>{@link #assertCountedEndState} checks what a fault test promises, counted against the
 * database: every fix applied once and in order (fix_log rows per vehicle = fixes sent, none late,
 * the vehicle's last fix its newest), exactly the episodes an uninterrupted run gives (computed
 * here by replaying the script through the core {@link ComplianceEngine}, with the same zones and
 * rules), no two open episodes for one (vehicle, rule, zone), nothing in {@code dead_letters}.
 */
final class FaultFleet {

    static final String ZONES = """
            {"type":"FeatureCollection","features":[%s,%s]}""".formatted(
            square("CR-CLOSED", "closed_area", 150.0, 10.0), square("CR-PRZ", "preservation_reference_zone", 150.5, 10.0));
    static final String RULES = """
            [{"rule_id":"CR-R-CLOSED","type":"restricted_zone","severity":"critical","zone_ids":["CR-CLOSED"]},
             {"rule_id":"CR-R-DWELL","type":"max_dwell","severity":"warning","zone_ids":["CR-PRZ"],"max_dwell_seconds":300},
             {"rule_id":"CR-R-DEPTH","type":"depth_limit","severity":"warning","max_depth":5000}]""";

    private static final ObjectMapper JSON = new ObjectMapper();

    final String prefix;
    final int vehicles;
    final int fixesPerVehicle;
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.DAYS);

    FaultFleet(String prefix, int vehicles, int fixesPerVehicle) {
        this.prefix = prefix;
        this.vehicles = vehicles;
        this.fixesPerVehicle = fixesPerVehicle;
    }

    int fixes() {
        return vehicles * fixesPerVehicle;
    }

    String auvId(int v) {
        return prefix + v;
    }

    Instant time(int i) {
        return t0.plusSeconds(10L * i);
    }

    /** Fix {@code i} of vehicle {@code v}. */
    ObjectNode fix(int v, int i) {
        ObjectNode fix = JSON.createObjectNode();
        fix.put("auv_id", auvId(v));
        fix.put("timestamp", time(i).toString());
        fix.put("latitude", 10.1 + 0.03 * v);
        fix.put("longitude", Math.round((149.8 + 1.4 * (0.5 + 0.5 * Math.sin(i / 15.0 + v))) * 1e6) / 1e6);
        fix.put("depth", (double) Math.round(4000 + 1500 * Math.sin(i / 7.0 + v)));
        return fix;
    }

    /** Fix {@code i} of every vehicle. */
    ArrayNode round(int i) {
        ArrayNode round = JSON.createArrayNode();
        for (int v = 0; v < vehicles; v++) {
            round.add(fix(v, i));
        }
        return round;
    }

    /** Creates the zones and rules the fleet is judged by (idempotent per database: call once). */
    static void setUp(Http http) {
        assertThat(http.post("/api/v1/zones", ZONES).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/rules", RULES).status()).isEqualTo(201);
    }

    /** What an uninterrupted run stores: violation id -> "status started ended" for every episode. */
    Map<String, String> expectedViolations() {
        ComplianceEngine engine;
        try {
            engine = new ComplianceEngine(GeoJsonZones.read(JSON.readTree(ZONES), PropertyMapping.NATIVE), List.of(
                    rule("CR-R-CLOSED", RuleType.RESTRICTED_ZONE, Severity.CRITICAL, List.of("CR-CLOSED"), null, null),
                    rule("CR-R-DWELL", RuleType.MAX_DWELL, Severity.WARNING, List.of("CR-PRZ"), 300L, null),
                    rule("CR-R-DEPTH", RuleType.DEPTH_LIMIT, Severity.WARNING, List.of(), null, 5000.0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> expected = new TreeMap<>();
        for (int v = 0; v < vehicles; v++) {
            VehicleState state = VehicleState.initial(auvId(v));
            for (int i = 0; i < fixesPerVehicle; i++) {
                ObjectNode f = fix(v, i);
                Telemetry fix = Telemetry.of(auvId(v), time(i), f.get("latitude").asDouble(),
                        f.get("longitude").asDouble(), f.get("depth").asDouble());
                Evaluation e = engine.evaluate(state, fix, null, Instant.now());
                state = e.state();
                e.opened().forEach(x -> expected.put(x.violationId(), describe(x.status().wireName(), x.startedAt(), x.endedAt())));
                e.closed().forEach(x -> expected.put(x.violationId(), describe(x.status().wireName(), x.startedAt(), x.endedAt())));
            }
        }
        return expected;
    }

    /** Asserts the counted end state of the fleets (see the class comment) in database {@code db}. */
    static void assertCountedEndState(Connection db, FaultFleet... fleets) throws SQLException {
        assertCountedEndState(db, java.util.Set.of(), fleets);
    }

    /**
     * The same, but dead letters parked by the routes {@code expectedDeadLetterRoutes} are expected
     * (outputs the hub could not publish while the broker was away are parked for replay, by
     * design, docs/messaging.md "When something fails"); still none may hold a fix.
     */
    static void assertCountedEndState(Connection db, java.util.Set<String> expectedDeadLetterRoutes, FaultFleet... fleets)
            throws SQLException {
        Map<String, Long> logged = new TreeMap<>();
        Map<String, Long> late = new TreeMap<>();
        Map<String, Instant> last = new TreeMap<>();
        Map<String, String> violations = new TreeMap<>();
        List<String> twiceOpen = new ArrayList<>();
        List<String> deadLetters = new ArrayList<>();
        try (Statement s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT auv_id, COUNT(*), SUM(CASE WHEN late THEN 1 ELSE 0 END) FROM fix_log GROUP BY auv_id")) {
                while (rs.next()) {
                    logged.put(rs.getString(1), rs.getLong(2));
                    late.put(rs.getString(1), rs.getLong(3));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT auv_id, last_fix_time FROM tracked_vehicles")) {
                while (rs.next()) {
                    last.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT violation_id, status, started_at, ended_at FROM violations")) {
                while (rs.next()) {
                    violations.put(rs.getString(1), describe(rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()));
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT auv_id, rule_id, zone_id, COUNT(*) FROM violations WHERE status = 'open'
                    GROUP BY auv_id, rule_id, zone_id HAVING COUNT(*) > 1""")) {
                while (rs.next()) {
                    twiceOpen.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + " x" + rs.getLong(4));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT route_id, replay_endpoint, reason FROM dead_letters ORDER BY id")) {
                while (rs.next()) {
                    String route = rs.getString(1);
                    String replay = rs.getString(2);
                    boolean aFix = replay != null && replay.contains("telemetry-ingest");
                    if (aFix || !expectedDeadLetterRoutes.contains(route)) {
                        deadLetters.add(route + " -> " + replay + ": " + rs.getString(3));
                    }
                }
            }
        }
        Map<String, Long> expectedLogged = new TreeMap<>();
        Map<String, Instant> expectedLast = new TreeMap<>();
        Map<String, String> expectedViolations = new TreeMap<>();
        for (FaultFleet fleet : fleets) {
            for (int v = 0; v < fleet.vehicles; v++) {
                expectedLogged.put(fleet.auvId(v), (long) fleet.fixesPerVehicle);
                expectedLast.put(fleet.auvId(v), fleet.time(fleet.fixesPerVehicle - 1));
                late.putIfAbsent(fleet.auvId(v), 0L);
            }
            expectedViolations.putAll(fleet.expectedViolations());
        }
        assertThat(logged).as("fix_log rows per vehicle = fixes sent (none lost, none twice)").isEqualTo(expectedLogged);
        assertThat(late.values()).as("no fix taken late (every fix applied in order)").containsOnly(0L);
        assertThat(last).as("each vehicle's last fix is its newest").isEqualTo(expectedLast);
        assertThat(expectedViolations).as("the script raises episodes").hasSizeGreaterThan(10);
        assertThat(violations).as("exactly the episodes of an uninterrupted run").isEqualTo(expectedViolations);
        assertThat(twiceOpen).as("no two open episodes for one (vehicle, rule, zone)").isEmpty();
        assertThat(deadLetters).as("nothing unexpected in dead_letters (no fix, no route but %s)", expectedDeadLetterRoutes)
                .isEmpty();
    }

    private static String describe(String status, Instant started, Instant ended) {
        return status + " " + started + " " + ended;
    }

    private static Rule rule(String id, RuleType type, Severity severity, List<String> zoneIds, Long maxDwell, Double maxDepth) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("max_dwell_seconds", maxDwell);
        parameters.put("max_depth", maxDepth);
        return new Rule(id, type, severity, null, true, zoneIds, null, null, null, null,
                RuleTypes.of(type).read(ParameterReader.of(parameters)), 1);
    }

    private static String square(String zoneId, String zoneType, double lon, double lat) {
        return String.format(Locale.ROOT, """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[%1$s,%2$s],[%3$s,%2$s],[%3$s,%4$s],[%1$s,%4$s],[%1$s,%2$s]]]},
                 "properties":{"zone_id":"%5$s","name":"%5$s","zone_type":"%6$s"}}""",
                lon, lat, lon + 0.5, lat + 0.5, zoneId, zoneType);
    }
}
