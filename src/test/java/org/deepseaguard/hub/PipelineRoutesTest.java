package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.deepseaguard.hub.routes.RecentOutputs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pipeline routes end to end: what is stored, and which output queue got which JSON with
 * which headers (read back from the consumers of the seda queues).
 */
class PipelineRoutesTest extends HubTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    RecentOutputs outputs;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    @Test
    void restrictedZoneEntryOpensOneEpisodeAndAlertsAtOnceThenClosesIt() throws Exception {
        String zone = id("Z-CLOSED");
        String rule = id("R-CLOSED");
        String auv = id("AUV-P");
        http.post("/api/v1/zones", squareZone(zone, "closed_area", 60, 60, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"critical","zone_ids":["%s"]}""".formatted(rule, zone));
        Instant t0 = ago(300);
        Instant t1 = t0.plusSeconds(60);
        Instant t2 = t0.plusSeconds(120);
        Instant t3 = t0.plusSeconds(180);

        NotifyBuilder opened = new NotifyBuilder(camel).fromRoute("outputs-drain-critical-alerts").whenDone(1).create();
        http.post("/api/v1/telemetry", fix(auv, t0, 59.9, 60.5, 4000));
        http.post("/api/v1/telemetry", fix(auv, t1, 60.2, 60.5, 4000));
        http.post("/api/v1/telemetry", fix(auv, t2, 60.3, 60.5, 4000));
        assertThat(opened.matches(10, TimeUnit.SECONDS)).isTrue();

        // stored: one open episode judged by version 1 of the zone and the rule
        JsonNode v = http.get("/api/v1/violations?auv_id=" + auv).json();
        assertThat(v.get("total").asInt()).isEqualTo(1);
        JsonNode violation = v.get("violations").get(0);
        assertThat(violation.get("rule_id").asText()).isEqualTo(rule);
        assertThat(violation.get("rule_type").asText()).isEqualTo("restricted_zone");
        assertThat(violation.get("zone_id").asText()).isEqualTo(zone);
        assertThat(violation.get("severity").asText()).isEqualTo("critical");
        assertThat(violation.get("status").asText()).isEqualTo("open");
        assertThat(violation.get("started_at").asText()).isEqualTo(t1.toString());
        assertThat(violation.get("last_seen_at").asText()).isEqualTo(t2.toString());
        assertThat(violation.get("ended_at").isNull()).isTrue();
        assertThat(violation.get("latitude").asDouble()).isEqualTo(60.3);
        assertThat(violation.get("late").asBoolean()).isFalse();
        assertThat(violation.get("inferred").asBoolean()).isFalse();
        assertThat(violation.get("zone_version").asInt()).isEqualTo(1);
        assertThat(violation.get("rule_version").asInt()).isEqualTo(1);
        assertThat(violation.has("violation_id")).isTrue();
        assertThat(violation.has("message")).isTrue();
        assertThat(http.get("/api/v1/auvs/" + auv).json().get("status").asText()).isEqualTo("violation");

        // published: the entry on geofencing_events, the opening on compliance_violations and critical_alerts
        RecentOutputs.Item entry = awaitItems("geofencing_events", auv, 1).get(0);
        assertThat(entry.eventType()).isEqualTo("zone_entry");
        assertThat(json.readTree(entry.body()).get("zone_id").asText()).isEqualTo(zone);
        assertThat(json.readTree(entry.body()).get("timestamp").asText()).isEqualTo(t1.toString());

        RecentOutputs.Item published = awaitItems("compliance_violations", auv, 1).get(0);
        assertThat(published.eventType()).isEqualTo("violation_opened");
        assertThat(published.severity()).isEqualTo("critical");
        assertThat(json.readTree(published.body()).get("violation_id").asText())
                .isEqualTo(violation.get("violation_id").asText());

        RecentOutputs.Item alert = awaitItems("critical_alerts", auv, 1).get(0);
        JsonNode alertJson = json.readTree(alert.body());
        assertThat(alert.eventType()).isEqualTo("violation_opened");
        assertThat(alert.severity()).isEqualTo("critical");
        assertThat(alertJson.get("rule_id").asText()).isEqualTo(rule);
        assertThat(alertJson.get("zone_id").asText()).isEqualTo(zone);
        assertThat(alertJson.get("violation").get("status").asText()).isEqualTo("open");
        assertThat(awaitItems("alert_notifications", auv, 1).get(0).body()).isEqualTo(alert.body());

        // the first compliant fix closes the episode: one more alert, no more
        NotifyBuilder closed = new NotifyBuilder(camel).fromRoute("outputs-drain-critical-alerts").whenDone(1).create();
        http.post("/api/v1/telemetry", fix(auv, t3, 59.5, 60.5, 4000));
        assertThat(closed.matches(10, TimeUnit.SECONDS)).isTrue();
        JsonNode after = http.get("/api/v1/violations?auv_id=" + auv).json().get("violations").get(0);
        assertThat(after.get("status").asText()).isEqualTo("closed");
        assertThat(after.get("ended_at").asText()).isEqualTo(t3.toString());
        List<RecentOutputs.Item> alerts = awaitItems("critical_alerts", auv, 2);
        assertThat(alerts).extracting(RecentOutputs.Item::eventType).containsExactly("violation_opened", "violation_closed");
        assertThat(awaitItems("geofencing_events", auv, 2)).extracting(RecentOutputs.Item::eventType)
                .containsExactly("zone_entry", "zone_exit");
        assertThat(http.get("/api/v1/events?auv_id=" + auv).json().get("total").asInt()).isEqualTo(2);
        assertThat(http.get("/api/v1/auvs/" + auv).json().get("status").asText()).isEqualTo("compliant");
    }

    @Test
    void theOutputsCarryTheViolationAndZoneEventOfDesignSection6() throws Exception {
        String zone = id("Z-SHAPE");
        String rule = id("R-SHAPE");
        String auv = id("AUV-SHAPE");
        http.post("/api/v1/zones", squareZone(zone, "closed_area", 100, 10, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"warning","zone_ids":["%s"]}""".formatted(rule, zone));
        Instant t0 = ago(100);
        http.post("/api/v1/telemetry", "[" + fix(auv, t0, 10.5, 100.5, 50) + "," + fix(auv, t0.plusSeconds(10), 9.5, 100.5, 50) + "]");

        List<RecentOutputs.Item> events = awaitItems("geofencing_events", auv, 2);
        JsonNode apiEvents = http.get("/api/v1/events?auv_id=" + auv).json().get("events");
        for (int i = 0; i < 2; i++) {
            JsonNode body = json.readTree(events.get(i).body());
            assertThat(fieldNames(body)).containsExactly("event_id", "type", "auv_id", "zone_id", "timestamp",
                    "latitude", "longitude", "depth");
            assertThat(events.get(i).eventType()).isEqualTo(body.get("type").asText());
            assertThat(body).isEqualTo(apiEvents.get(1 - i));
        }
        assertThat(json.readTree(events.get(0).body()).get("type").asText()).isEqualTo("zone_entry");
        assertThat(json.readTree(events.get(0).body()).get("timestamp").asText()).isEqualTo(t0.toString());

        List<RecentOutputs.Item> violations = awaitItems("compliance_violations", auv, 2);
        assertThat(violations).extracting(RecentOutputs.Item::eventType).containsExactly("violation_opened", "violation_closed");
        assertThat(violations).extracting(RecentOutputs.Item::severity).containsOnly("warning");
        JsonNode closed = json.readTree(violations.get(1).body());
        assertThat(fieldNames(closed)).containsExactly("violation_id", "auv_id", "rule_id", "rule_type", "zone_id",
                "severity", "status", "started_at", "ended_at", "last_seen_at", "latitude", "longitude", "depth",
                "message", "late", "inferred", "zone_version", "rule_version");
        assertThat(closed.get("status").asText()).isEqualTo("closed");
        assertThat(closed.get("ended_at").asText()).isEqualTo(t0.plusSeconds(10).toString());
        assertThat(closed.get("late").isBoolean()).isTrue();
        assertThat(closed).isEqualTo(http.get("/api/v1/violations?auv_id=" + auv).json().get("violations").get(0));
        JsonNode opened = json.readTree(violations.get(0).body());
        assertThat(opened.get("status").asText()).isEqualTo("open");
        assertThat(opened.get("ended_at").isNull()).isTrue();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void violationsRecordTheZoneAndRuleVersionsTheyWereJudgedBy() {
        String zone = id("Z-VER");
        String rule = id("R-VER");
        String auv = id("AUV-V");
        http.post("/api/v1/zones", squareZone(zone, "closed_area", 90, 30, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"warning","zone_ids":["%s"]}""".formatted(rule, zone));
        http.put("/api/v1/zones/" + zone, squareZone(zone, "closed_area", 90, 30, 2));
        http.put("/api/v1/rules/" + rule, """
                {"type":"restricted_zone","severity":"critical","zone_ids":["%s"]}""".formatted(zone));
        http.put("/api/v1/rules/" + rule, """
                {"type":"restricted_zone","severity":"critical","zone_ids":["%s"],"description":"v3"}""".formatted(zone));

        http.post("/api/v1/telemetry", fix(auv, ago(10), 31.5, 91.5, 100));

        JsonNode v = http.get("/api/v1/violations?auv_id=" + auv).json().get("violations").get(0);
        assertThat(v.get("zone_version").asInt()).isEqualTo(2);
        assertThat(v.get("rule_version").asInt()).isEqualTo(3);
        assertThat(v.get("severity").asText()).isEqualTo("critical");
    }

    @Test
    void warningsAreBatchedIntoADigestNotAlertedOneByOne() throws Exception {
        String rule = id("R-SHALLOW");
        String auv = id("AUV-W");
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"depth_limit","severity":"warning","max_depth":100,"auv_ids":["%s"]}"""
                .formatted(rule, auv));

        http.post("/api/v1/telemetry", fix(auv, ago(20), 5, 5, 250));

        await().atMost(Duration.ofSeconds(15)).until(() -> digestFor(auv) != null);
        JsonNode digest = json.readTree(digestFor(auv).body());
        assertThat(digest.get("event_type").asText()).isEqualTo("warning_digest");
        assertThat(digest.get("count").asInt()).isEqualTo(digest.get("violations").size());
        JsonNode batched = findViolation(digest, auv);
        assertThat(batched.get("rule_id").asText()).isEqualTo(rule);
        assertThat(batched.get("severity").asText()).isEqualTo("warning");
        assertThat(batched.get("depth").asDouble()).isEqualTo(250.0);
        assertThat(digestFor(auv).severity()).isEqualTo("warning");
        assertThat(of(outputs.recent("critical_alerts"), auv)).isEmpty();
        assertThat(awaitItems("compliance_violations", auv, 1)).hasSize(1);
    }

    @Test
    void duplicatesAreDroppedAndLateFixesArchivedAndJudgedStatelessly() throws Exception {
        String zone = id("Z-LATE");
        String rule = id("R-LATE");
        String auv = id("AUV-L");
        http.post("/api/v1/zones", squareZone(zone, "closed_area", 70, 10, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"critical","zone_ids":["%s"]}""".formatted(rule, zone));
        Instant t = ago(100);
        http.post("/api/v1/telemetry", fix(auv, t, 9.5, 70.5, 10));
        int eventsBefore = of(outputs.recent("compliance_violations"), auv).size();

        assertThat(http.post("/api/v1/telemetry", fix(auv, t, 9.5, 70.5, 10)).status()).isEqualTo(202);
        assertThat(of(outputs.recent("compliance_violations"), auv)).hasSize(eventsBefore);
        assertThat(http.get("/api/v1/status").json().get("fixes").get("duplicate").asLong()).isPositive();

        Instant late = t.minusSeconds(50);
        NotifyBuilder alerted = new NotifyBuilder(camel).fromRoute("outputs-drain-critical-alerts").whenDone(1).create();
        http.post("/api/v1/telemetry", fix(auv, late, 10.5, 70.5, 10));
        assertThat(alerted.matches(10, TimeUnit.SECONDS)).isTrue();

        JsonNode v = http.get("/api/v1/violations?auv_id=" + auv + "&rule_id=" + rule).json().get("violations");
        assertThat(v).hasSize(1);
        assertThat(v.get(0).get("late").asBoolean()).isTrue();
        assertThat(v.get(0).get("started_at").asText()).isEqualTo(late.toString());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM fix_log WHERE auv_id = ? AND late", Integer.class, auv)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM fix_log WHERE auv_id = ?", Integer.class, auv)).isEqualTo(2);
        // the late fix does not move the vehicle
        assertThat(http.get("/api/v1/auvs/" + auv).json().get("last_update").asText()).isEqualTo(t.toString());
    }

    @Test
    void watchdogFlagsAVehicleThatWentSilent() {
        String rule = id("R-GAP");
        String auv = id("AUV-G");
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"telemetry_gap","severity":"warning","max_gap_seconds":1,"auv_ids":["%s"]}"""
                .formatted(rule, auv));
        http.post("/api/v1/telemetry", fix(auv, ago(5), 5, 6, 10));

        await().atMost(Duration.ofSeconds(15)).until(() ->
                http.get("/api/v1/violations?auv_id=" + auv + "&rule_id=" + rule).json().get("total").asInt() == 1);
        JsonNode gap = http.get("/api/v1/violations?auv_id=" + auv).json().get("violations").get(0);
        assertThat(gap.get("rule_type").asText()).isEqualTo("telemetry_gap");
        assertThat(gap.get("status").asText()).isEqualTo("open");
        assertThat(http.get("/api/v1/auvs/" + auv).json().get("status").asText()).isEqualTo("dark");
    }

    private RecentOutputs.Item digestFor(String auv) throws Exception {
        for (RecentOutputs.Item item : outputs.recent("warning_alerts")) {
            if (findViolation(json.readTree(item.body()), auv) != null) {
                return item;
            }
        }
        return null;
    }

    private static JsonNode findViolation(JsonNode digest, String auv) {
        for (JsonNode v : digest.get("violations")) {
            if (auv.equals(v.get("auv_id").asText())) {
                return v;
            }
        }
        return null;
    }

    private static List<RecentOutputs.Item> of(List<RecentOutputs.Item> items, String auv) {
        return items.stream().filter(i -> auv.equals(i.auvId())).toList();
    }

    /** Waits until {@code queue} received {@code count} messages for the vehicle (never more), and returns them. */
    private List<RecentOutputs.Item> awaitItems(String queue, String auv, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> of(outputs.recent(queue), auv).size() >= count);
        List<RecentOutputs.Item> items = of(outputs.recent(queue), auv);
        assertThat(items).hasSize(count);
        return items;
    }
}
