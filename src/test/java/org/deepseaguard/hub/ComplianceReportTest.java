package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;
import static org.deepseaguard.hub.TelemetryApiTest.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GET /reports/compliance: scripted tracks along the equator, where the geodesic distance is a hand
 * computation (a degree of longitude is a * pi / 180 on the WGS 84 equator), and every figure of
 * the reports checked against times worked out by hand from the script.
 */
class ComplianceReportTest extends HubTestSupport {

    /** Metres per degree of longitude on the WGS 84 equator: 6378137 * pi / 180. */
    private static final double M_PER_DEGREE = 111319.49079327357;
    private static final double MM = 1e-3;
    private static final String REPORTS = "/api/v1/reports/compliance?";

    /**
     * One vehicle along the equator through closed area A (restricted, critical), preservation
     * reference zone B (max dwell 600 s, warning) and closed area C (restricted), where it stays.
     * Times in seconds after t0, longitudes in degrees east of 120:
     * <pre>
     *   t       lon   what happens
     *   0       0.5
     *   60      0.75
     *   120     1.25  enters A; critical episode 1 opens
     *   180     1.5
     *   240     1.75
     *   300     2.5   leaves A; episode 1 closes (180 s in A)
     *   360     3.25  enters B
     *   660     3.5   (300 s since the fix before: exactly the threshold, not a gap)
     *   1020    3.75  gap 1 (360 s); 660 s in B > 600: warning episode 2 opens
     *   1080.00025 4.5 leaves B; episode 2 closes (60.00025 s; 720.00025 s in B)
     *   1140    5.25  enters C; critical episode 3 opens, never closes
     *   1800    5.5   gap 2 (660 s); last fix, still in C
     * </pre>
     * Zones: A = [121, 122], B = [123, 124], C = [125, 126] of longitude, [-0.5, 0.5] of latitude.
     */
    @Test
    void vehicleReportMatchesTheHandComputation() {
        String auv = id("AUV-REP");
        String zoneA = id("Z-RA");
        String zoneB = id("Z-RB");
        String zoneC = id("Z-RC");
        String critical = id("R-RC");
        String warning = id("R-RW");
        double l = 120;
        assertThat(http.post("/api/v1/zones", """
                {"type":"FeatureCollection","features":[%s,%s,%s]}""".formatted(
                squareZone(zoneA, "closed_area", l + 1, -0.5, 1),
                squareZone(zoneB, "preservation_reference_zone", l + 3, -0.5, 1),
                squareZone(zoneC, "closed_area", l + 5, -0.5, 1))).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/rules", """
                [{"rule_id":"%s","type":"restricted_zone","severity":"critical","zone_ids":["%s","%s"]},
                 {"rule_id":"%s","type":"max_dwell","severity":"warning","zone_ids":["%s"],"max_dwell_seconds":600}]"""
                .formatted(critical, zoneA, zoneC, warning, zoneB)).status()).isEqualTo(201);

        Instant t0 = ago(7200);
        Instant exitB = t0.plusSeconds(1080).plusNanos(250_000);
        List<String> track = List.of(
                fix(auv, t0, 0, l + 0.5, 100),
                fix(auv, t0.plusSeconds(60), 0, l + 0.75, 100),
                fix(auv, t0.plusSeconds(120), 0, l + 1.25, 100),
                fix(auv, t0.plusSeconds(180), 0, l + 1.5, 100),
                fix(auv, t0.plusSeconds(240), 0, l + 1.75, 100),
                fix(auv, t0.plusSeconds(300), 0, l + 2.5, 100),
                fix(auv, t0.plusSeconds(360), 0, l + 3.25, 100),
                fix(auv, t0.plusSeconds(660), 0, l + 3.5, 100),
                fix(auv, t0.plusSeconds(1020), 0, l + 3.75, 100),
                fix(auv, exitB, 0, l + 4.5, 100),
                fix(auv, t0.plusSeconds(1140), 0, l + 5.25, 100),
                fix(auv, t0.plusSeconds(1800), 0, l + 5.5, 100));
        assertThat(http.post("/api/v1/telemetry", "[" + String.join(",", track) + "]").json().get("accepted").asInt())
                .isEqualTo(12);

        // the whole track: [t0, t0 + 3600), before the report is made (so C's stay and episode 3 end at `to`)
        Instant to = t0.plusSeconds(3600);
        Http.Response whole = http.get(REPORTS + "auv_id=" + auv + "&from=" + t0 + "&to=" + to);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.contentType()).startsWith("application/json");
        JsonNode r = whole.json();
        assertThat(r.get("auv_id").asText()).isEqualTo(auv);
        assertThat(r.get("from").asText()).isEqualTo(t0.toString());
        assertThat(r.get("to").asText()).isEqualTo(to.toString());
        assertThat(Instant.parse(r.get("generated_at").asText())).isAfter(to);
        assertThat(r.get("fixes").asLong()).isEqualTo(12);
        assertThat(r.get("first_fix").asText()).isEqualTo(t0.toString());
        assertThat(r.get("last_fix").asText()).isEqualTo(t0.plusSeconds(1800).toString());
        assertThat(r.get("distance_m").asDouble()).isCloseTo(5.0 * M_PER_DEGREE, within(MM));

        assertZones(r.get("zones"),
                zone(zoneA, "closed_area", 1, 1, 180),
                zone(zoneB, "preservation_reference_zone", 1, 1, 720.00025),
                zone(zoneC, "closed_area", 1, 0, 3600 - 1140));
        assertZoneTypes(r.get("zone_types"),
                zoneType("closed_area", 2, 1, 180 + 2460),
                zoneType("preservation_reference_zone", 1, 1, 720.00025));

        JsonNode v = r.get("violations");
        assertThat(v.get("total").asLong()).isEqualTo(3);
        assertThat(v.get("by_rule")).hasSize(2);
        assertFigures(v.get("by_rule").get(0), "rule_id", critical, 2, 180 + 2460);
        assertThat(v.get("by_rule").get(0).get("rule_type").asText()).isEqualTo("restricted_zone");
        assertFigures(v.get("by_rule").get(1), "rule_id", warning, 1, 60.00025);
        assertThat(v.get("by_rule").get(1).get("rule_type").asText()).isEqualTo("max_dwell");
        assertThat(v.get("by_severity")).hasSize(2);
        assertFigures(v.get("by_severity").get(0), "severity", "critical", 2, 2640);
        assertFigures(v.get("by_severity").get(1), "severity", "warning", 1, 60.00025);
        JsonNode items = v.get("items");
        assertThat(items).hasSize(3);
        assertItem(items.get(0), critical, "restricted_zone", zoneA, "critical", "closed",
                t0.plusSeconds(120), t0.plusSeconds(300), 180);
        assertItem(items.get(1), warning, "max_dwell", zoneB, "warning", "closed", t0.plusSeconds(1020), exitB, 60.00025);
        assertItem(items.get(2), critical, "restricted_zone", zoneC, "critical", "open", t0.plusSeconds(1140), null, 2460);

        JsonNode gaps = r.get("gaps");
        assertThat(gaps.get("threshold_seconds").asDouble()).isEqualTo(300.0);
        assertThat(gaps.get("count").asLong()).isEqualTo(2);
        assertThat(gaps.get("seconds").asDouble()).isEqualTo(360 + 660.0);
        assertThat(gaps.get("longest_seconds").asDouble()).isEqualTo(660.0);
        assertThat(gaps.get("items")).hasSize(2);
        assertGap(gaps.get("items").get(0), t0.plusSeconds(660), t0.plusSeconds(1020), 360);
        assertGap(gaps.get("items").get(1), t0.plusSeconds(1140), t0.plusSeconds(1800), 660);

        // gap_seconds replaces the threshold: 299 makes the 300-second pause a gap too
        JsonNode tighter = http.get(REPORTS + "auv_id=" + auv + "&from=" + t0 + "&to=" + to + "&gap_seconds=299").json();
        assertThat(tighter.get("gaps").get("threshold_seconds").asDouble()).isEqualTo(299.0);
        assertThat(tighter.get("gaps").get("count").asLong()).isEqualTo(3);
        assertThat(tighter.get("gaps").get("seconds").asDouble()).isEqualTo(300 + 360 + 660.0);

        // a period starting at t0 + 150, inside A (entered at 120), ending at t0 + 1050, inside B and episode 2
        Instant from = t0.plusSeconds(150);
        JsonNode clipped = http.get(REPORTS + "auv_id=" + auv + "&from=" + from + "&to=" + t0.plusSeconds(1050)).json();
        assertThat(clipped.get("fixes").asLong()).isEqualTo(6);
        assertThat(clipped.get("first_fix").asText()).isEqualTo(t0.plusSeconds(180).toString());
        assertThat(clipped.get("last_fix").asText()).isEqualTo(t0.plusSeconds(1020).toString());
        // from 121.5 to 123.75: the leg from the fix at 120 (before `from`) is not counted
        assertThat(clipped.get("distance_m").asDouble()).isCloseTo(2.25 * M_PER_DEGREE, within(MM));
        assertZones(clipped.get("zones"),
                zone(zoneA, "closed_area", 0, 1, 300 - 150),
                zone(zoneB, "preservation_reference_zone", 1, 0, 1050 - 360));
        assertZoneTypes(clipped.get("zone_types"),
                zoneType("closed_area", 0, 1, 150),
                zoneType("preservation_reference_zone", 1, 0, 690));
        JsonNode cv = clipped.get("violations");
        assertThat(cv.get("total").asLong()).isEqualTo(2);
        assertFigures(cv.get("by_rule").get(0), "rule_id", critical, 1, 150);
        assertFigures(cv.get("by_rule").get(1), "rule_id", warning, 1, 30);
        assertFigures(cv.get("by_severity").get(0), "severity", "critical", 1, 150);
        assertFigures(cv.get("by_severity").get(1), "severity", "warning", 1, 30);
        assertItem(cv.get("items").get(0), critical, "restricted_zone", zoneA, "critical", "closed",
                t0.plusSeconds(120), t0.plusSeconds(300), 150);
        assertItem(cv.get("items").get(1), warning, "max_dwell", zoneB, "warning", "closed", t0.plusSeconds(1020), exitB, 30);
        assertThat(clipped.get("gaps").get("count").asLong()).isEqualTo(1);
        assertGap(clipped.get("gaps").get("items").get(0), t0.plusSeconds(660), t0.plusSeconds(1020), 360);

        // `to` omitted: now; C's stay and episode 3 are still open and count until the report is made
        Instant late = t0.plusSeconds(1500);
        JsonNode open = http.get(REPORTS + "auv_id=" + auv + "&from=" + late).json();
        Instant generatedAt = Instant.parse(open.get("generated_at").asText());
        assertThat(open.get("to").asText()).isEqualTo(open.get("generated_at").asText());
        double untilNow = Duration.between(late, generatedAt).toNanos() / 1e9;
        assertThat(untilNow).isGreaterThan(5000);
        assertThat(open.get("fixes").asLong()).isEqualTo(1);
        assertThat(open.get("distance_m").asDouble()).isZero();
        assertZones(open.get("zones"), zone(zoneC, "closed_area", 0, 0, untilNow));
        assertThat(open.get("violations").get("total").asLong()).isEqualTo(1);
        assertItem(open.get("violations").get("items").get(0), critical, "restricted_zone", zoneC, "critical", "open",
                t0.plusSeconds(1140), null, untilNow);
        assertThat(open.get("gaps").get("count").asLong()).isZero();
        assertThat(open.get("gaps").get("longest_seconds").asDouble()).isZero();
        assertThat(open.get("gaps").get("items")).isEmpty();

        // the CSV of the whole track: one table, a row per figure
        HttpResponse<String> csv = getText(REPORTS + "auv_id=" + auv + "&from=" + t0 + "&to=" + to + "&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body()).endsWith("\r\n");
        List<String> rows = unquotedRows(csv.body());
        assertThat(rows.get(0)).isEqualTo(
                "record,auv_id,zone_id,zone_type,rule_id,rule_type,severity,violation_id,status,entries,exits,count,seconds,distance_m,from,to");
        String[] summary = rows.get(1).split(",", -1);
        assertThat(Double.parseDouble(summary[13])).isCloseTo(5.0 * M_PER_DEGREE, within(MM));
        summary[13] = "D";
        assertThat(String.join(",", summary)).isEqualTo("summary," + auv + ",,,,,,,,,,12,,D," + t0 + "," + to);
        List<String> ids = items.findValuesAsText("violation_id");
        assertThat(rows.subList(2, rows.size())).containsExactly(
                "zone," + auv + "," + zoneA + ",closed_area,,,,,,1,1,,180,,,",
                "zone," + auv + "," + zoneB + ",preservation_reference_zone,,,,,,1,1,,720.00025,,,",
                "zone," + auv + "," + zoneC + ",closed_area,,,,,,1,0,,2460,,,",
                "zone_type," + auv + ",,closed_area,,,,,,2,1,,2640,,,",
                "zone_type," + auv + ",,preservation_reference_zone,,,,,,1,1,,720.00025,,,",
                "rule," + auv + ",,," + critical + ",restricted_zone,,,,,,2,2640,,,",
                "rule," + auv + ",,," + warning + ",max_dwell,,,,,,1,60.00025,,,",
                "severity," + auv + ",,,,,critical,,,,,2,2640,,,",
                "severity," + auv + ",,,,,warning,,,,,1,60.00025,,,",
                "violation," + auv + "," + zoneA + ",," + critical + ",restricted_zone,critical," + ids.get(0)
                        + ",closed,,,,180,," + t0.plusSeconds(120) + "," + t0.plusSeconds(300),
                "violation," + auv + "," + zoneB + ",," + warning + ",max_dwell,warning," + ids.get(1)
                        + ",closed,,,,60.00025,," + t0.plusSeconds(1020) + "," + exitB,
                "violation," + auv + "," + zoneC + ",," + critical + ",restricted_zone,critical," + ids.get(2)
                        + ",open,,,,2460,," + t0.plusSeconds(1140) + ",",
                "gap," + auv + ",,,,,,,,,,,360,," + t0.plusSeconds(660) + "," + t0.plusSeconds(1020),
                "gap," + auv + ",,,,,,,,,,,660,," + t0.plusSeconds(1140) + "," + t0.plusSeconds(1800));

        // a deleted zone keeps the type of its last definition
        assertThat(http.delete("/api/v1/zones/" + zoneB).status()).isEqualTo(204);
        JsonNode afterDelete = http.get(REPORTS + "auv_id=" + auv + "&from=" + t0 + "&to=" + to).json();
        assertZones(afterDelete.get("zones"),
                zone(zoneA, "closed_area", 1, 1, 180),
                zone(zoneB, "preservation_reference_zone", 1, 1, 720.00025),
                zone(zoneC, "closed_area", 1, 0, 2460));
    }

    /**
     * Fleet summary over [F, F + 3600), F sixty days ago (a period no other test writes in), zone Z
     * (closed area, restricted, critical) = [131, 132] of longitude:
     * <ul>
     *   <li>X: 130.5 at F, 131.5 at F+60 (enters Z, episode opens), 132.5 at F+120 (leaves, closes:
     *       60 s), 133 at F+900 (gap of 780 s), 133.5 at F+960; then a late fix at F+500 far east,
     *       which counts nowhere: 5 fixes, 3 degrees;</li>
     *   <li>Y: 130.2, 130.4, 130.6 at F+100, F+200, F+300, and 130.8 at F+3600 (= to, outside the
     *       period): 3 fixes, 0.4 degrees, no gap; then a late fix in Z at F itself: a critical
     *       episode of no length at the start of the period, counted in it (and not in the one before);</li>
     *   <li>W: entered Z at F-600 and never sent another fix after F-300: inside (and in violation)
     *       for the whole period, with no fix, event or episode start in it;</li>
     *   <li>P: entered and left Z before F: not in the summary.</li>
     * </ul>
     */
    @Test
    void fleetSummaryTotalsTheVehiclesOfThePeriod() {
        String zone = id("Z-RF");
        String rule = id("R-RF");
        String tag = id("F");
        String w = "AUV-" + tag + "-W";
        String x = "AUV-" + tag + "-X";
        String y = "AUV-" + tag + "-Y";
        String p = "AUV-" + tag + "-P";
        double m = 130;
        http.post("/api/v1/zones", squareZone(zone, "closed_area", m + 1, -0.5, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"critical","zone_ids":["%s"]}""".formatted(rule, zone));
        Instant f = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(60));
        List<String> fixes = new ArrayList<>(List.of(
                fix(p, f.minusSeconds(1300), 0, m + 0.9, 50),
                fix(p, f.minusSeconds(1200), 0, m + 1.5, 50),
                fix(p, f.minusSeconds(900), 0, m + 2.5, 50),
                fix(w, f.minusSeconds(700), 0, m + 0.9, 50),
                fix(w, f.minusSeconds(600), 0, m + 1.5, 50),
                fix(w, f.minusSeconds(300), 0, m + 1.6, 50),
                fix(x, f, 0, m + 0.5, 50),
                fix(x, f.plusSeconds(60), 0, m + 1.5, 50),
                fix(x, f.plusSeconds(120), 0, m + 2.5, 50),
                fix(x, f.plusSeconds(900), 0, m + 3.0, 50),
                fix(x, f.plusSeconds(960), 0, m + 3.5, 50),
                fix(y, f.plusSeconds(100), 0, m + 0.2, 50),
                fix(y, f.plusSeconds(200), 0, m + 0.4, 50),
                fix(y, f.plusSeconds(300), 0, m + 0.6, 50),
                fix(y, f.plusSeconds(3600), 0, m + 0.8, 50)));
        assertThat(http.post("/api/v1/telemetry", "[" + String.join(",", fixes) + "]").json().get("accepted").asInt())
                .isEqualTo(15);
        // older than X's newest fix: logged as late, not applied
        assertThat(http.post("/api/v1/telemetry", fix(x, f.plusSeconds(500), 0, m + 10, 50)).status()).isEqualTo(202);
        assertThat(http.post("/api/v1/telemetry", fix(y, f, 0, m + 1.5, 50)).status()).isEqualTo(202);

        Instant to = f.plusSeconds(3600);
        String period = "from=" + f + "&to=" + to;
        Http.Response response = http.get(REPORTS + period);
        assertThat(response.status()).isEqualTo(200);
        JsonNode s = response.json();
        assertThat(s.get("from").asText()).isEqualTo(f.toString());
        assertThat(s.get("to").asText()).isEqualTo(to.toString());
        assertThat(s.has("generated_at")).isTrue();
        JsonNode vehicles = s.get("vehicles");
        assertThat(vehicles.findValuesAsText("auv_id")).containsExactly(w, x, y);
        assertLine(vehicles.get(0), 0, 0, 3600, 0, 0, 1, 3600, 1, 0, 0, 0);
        assertLine(vehicles.get(1), 5, 3.0 * M_PER_DEGREE, 60, 1, 1, 1, 60, 1, 0, 1, 780);
        assertLine(vehicles.get(2), 3, 0.4 * M_PER_DEGREE, 0, 0, 0, 1, 0, 1, 0, 0, 0);
        JsonNode totals = s.get("totals");
        assertThat(totals.get("vehicles").asLong()).isEqualTo(3);
        assertThat(totals.has("auv_id")).isFalse();
        assertLine(totals, 8, 3.4 * M_PER_DEGREE, 3660, 1, 1, 3, 3660, 3, 0, 1, 780);

        // every line is what the vehicle's own report says
        for (JsonNode line : vehicles) {
            JsonNode own = http.get(REPORTS + "auv_id=" + line.get("auv_id").asText() + "&" + period).json();
            assertThat(line.get("fixes").asLong()).isEqualTo(own.get("fixes").asLong());
            assertThat(line.get("distance_m").asDouble()).isEqualTo(own.get("distance_m").asDouble());
            assertThat(line.get("zone_seconds").asDouble()).isEqualTo(sum(own.get("zones"), "seconds"));
            assertThat(line.get("entries").asDouble()).isEqualTo(sum(own.get("zones"), "entries"));
            assertThat(line.get("exits").asDouble()).isEqualTo(sum(own.get("zones"), "exits"));
            assertThat(line.get("violations").asLong()).isEqualTo(own.get("violations").get("total").asLong());
            assertThat(line.get("violation_seconds").asDouble()).isEqualTo(sum(own.get("violations").get("items"), "seconds"));
            assertThat(line.get("gaps").asLong()).isEqualTo(own.get("gaps").get("count").asLong());
            assertThat(line.get("gap_seconds").asDouble()).isEqualTo(own.get("gaps").get("seconds").asDouble());
        }
        JsonNode ofW = http.get(REPORTS + "auv_id=" + w + "&" + period).json();
        assertThat(ofW.get("first_fix").isNull()).isTrue();
        assertThat(ofW.get("last_fix").isNull()).isTrue();
        assertZones(ofW.get("zones"), zone(zone, "closed_area", 0, 0, 3600));
        JsonNode ofX = http.get(REPORTS + "auv_id=" + x + "&" + period).json();
        assertThat(ofX.get("last_fix").asText()).isEqualTo(f.plusSeconds(960).toString());
        JsonNode ofY = http.get(REPORTS + "auv_id=" + y + "&" + period).json();
        JsonNode lateEpisode = ofY.get("violations").get("items").get(0);
        assertItem(lateEpisode, rule, "restricted_zone", zone, "critical", "closed", f, f, 0);
        assertThat(http.get(REPORTS + "auv_id=" + y + "&from=" + f.minusSeconds(3600) + "&to=" + f).json()
                .get("violations").get("total").asLong()).isZero();
        JsonNode ofP = http.get(REPORTS + "auv_id=" + p + "&" + period).json();
        assertThat(ofP.get("fixes").asLong()).isZero();
        assertThat(ofP.get("zones")).isEmpty();
        assertThat(ofP.get("violations").get("total").asLong()).isZero();

        HttpResponse<String> csv = getText(REPORTS + period + "&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        List<String> rows = unquotedRows(csv.body());
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).isEqualTo(
                "auv_id,fixes,distance_m,zone_seconds,entries,exits,violations,violation_seconds,critical,warning,gaps,gap_seconds");
        assertThat(rows.get(1)).isEqualTo(w + ",0,0,3600,0,0,1,3600,1,0,0,0");
        assertCsvLine(rows.get(2), x + ",5,D,60,1,1,1,60,1,0,1,780", 3.0 * M_PER_DEGREE);
        assertCsvLine(rows.get(3), y + ",3,D,0,0,0,1,0,1,0,0,0", 0.4 * M_PER_DEGREE);
        assertCsvLine(rows.get(4), "TOTAL,8,D,3660,1,1,3,3660,3,0,1,780", 3.4 * M_PER_DEGREE);
    }

    @Test
    void aRegisteredVehicleWithoutFixesHasAnEmptyReportAndAnUnknownOneIs404() {
        String auv = id("AUV-REP-NONE");
        assertThat(http.post("/api/v1/auvs", "{\"auv_id\":\"" + auv + "\"}").status()).isEqualTo(201);
        Http.Response empty = http.get(REPORTS + "auv_id=" + auv);
        assertThat(empty.status()).isEqualTo(200);
        JsonNode r = empty.json();
        // defaults: from the start of the current UTC day until now
        Instant generatedAt = Instant.parse(r.get("generated_at").asText());
        assertThat(r.get("from").asText()).isEqualTo(generatedAt.truncatedTo(ChronoUnit.DAYS).toString());
        assertThat(r.get("to").asText()).isEqualTo(r.get("generated_at").asText());
        assertThat(r.get("fixes").asLong()).isZero();
        assertThat(r.get("first_fix").isNull()).isTrue();
        assertThat(r.get("distance_m").asDouble()).isZero();
        assertThat(r.get("zones")).isEmpty();
        assertThat(r.get("zone_types")).isEmpty();
        assertThat(r.get("violations").get("total").asLong()).isZero();
        assertThat(r.get("violations").get("by_rule")).isEmpty();
        assertThat(r.get("gaps").get("threshold_seconds").asDouble()).isEqualTo(300.0);

        // the longest period allowed, exactly
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertThat(http.get(REPORTS + "auv_id=" + auv + "&from=" + now.minus(Duration.ofDays(31)) + "&to=" + now).status())
                .isEqualTo(200);

        Http.Response unknown = http.get(REPORTS + "auv_id=" + id("AUV-NOBODY"));
        assertProblem(unknown, 404);
        Http.Response unknownCsv = http.get(REPORTS + "auv_id=" + id("AUV-NOBODY") + "&format=csv");
        assertProblem(unknownCsv, 404);
    }

    @Test
    void badParametersAreNamed() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String[]> cases = List.of(
                new String[] {"format=xml", "format"},
                new String[] {"from=yesterday", "from"},
                new String[] {"to=2026-13-01T00:00:00Z", "to"},
                new String[] {"from=" + now.minusSeconds(60) + "&to=" + now.minusSeconds(60), "to"},
                new String[] {"from=" + now.minusSeconds(60) + "&to=" + now.minusSeconds(120), "to"},
                new String[] {"from=" + now.plusSeconds(3600), "to"},
                new String[] {"from=" + now.minus(Duration.ofDays(31)).minusSeconds(1) + "&to=" + now, "from"},
                new String[] {"gap_seconds=0", "gap_seconds"},
                new String[] {"gap_seconds=-5", "gap_seconds"},
                new String[] {"gap_seconds=ten", "gap_seconds"},
                new String[] {"gap_seconds=1.5", "gap_seconds"});
        for (String[] c : cases) {
            Http.Response r = http.get(REPORTS + c[0]);
            assertProblem(r, 400);
            assertThat(fields(r.json().get("errors"))).as(c[0]).containsExactly(c[1]);
        }
        Http.Response several = http.get(REPORTS + "format=pdf&gap_seconds=0&from=today");
        assertProblem(several, 400);
        assertThat(fields(several.json().get("errors"))).containsExactlyInAnyOrder("format", "gap_seconds", "from");
    }

    /** A GET whose body is kept as text ({@link Http} reads every body as JSON). */
    /**
     * The CSV's lines with every field read back (RFC 4180 lets a writer quote any field), joined by
     * commas again: what a spreadsheet shows (the fields here hold no commas).
     */
    private static List<String> unquotedRows(String csv) {
        try (MappingIterator<String[]> it = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerFor(String[].class).readValues(csv)) {
            return it.readAll().stream().map(cells -> String.join(",", cells)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> getText(String path) {
        try {
            return HttpClient.newHttpClient().send(http.request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Zone(String id, String type, long entries, long exits, double seconds) {
    }

    private static Zone zone(String id, String type, long entries, long exits, double seconds) {
        return new Zone(id, type, entries, exits, seconds);
    }

    private static Zone zoneType(String type, long entries, long exits, double seconds) {
        return new Zone(null, type, entries, exits, seconds);
    }

    private static void assertZones(JsonNode zones, Zone... expected) {
        assertThat(zones).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            JsonNode z = zones.get(i);
            assertThat(z.get("zone_id").asText()).isEqualTo(expected[i].id());
            assertThat(z.get("zone_type").asText()).isEqualTo(expected[i].type());
            assertCounts(z, expected[i]);
        }
    }

    private static void assertZoneTypes(JsonNode types, Zone... expected) {
        assertThat(types).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(types.get(i).get("zone_type").asText()).isEqualTo(expected[i].type());
            assertThat(types.get(i).has("zone_id")).isFalse();
            assertCounts(types.get(i), expected[i]);
        }
    }

    private static void assertCounts(JsonNode z, Zone expected) {
        assertThat(z.get("entries").asLong()).as("entries of %s", z).isEqualTo(expected.entries());
        assertThat(z.get("exits").asLong()).as("exits of %s", z).isEqualTo(expected.exits());
        assertThat(z.get("seconds").asDouble()).as("seconds of %s", z).isCloseTo(expected.seconds(), within(1e-6));
    }

    private static void assertFigures(JsonNode n, String key, String value, long count, double seconds) {
        assertThat(n.get(key).asText()).isEqualTo(value);
        assertThat(n.get("count").asLong()).as("count of %s", n).isEqualTo(count);
        assertThat(n.get("seconds").asDouble()).as("seconds of %s", n).isCloseTo(seconds, within(1e-6));
    }

    private static void assertItem(JsonNode item, String ruleId, String ruleType, String zoneId, String severity,
                                   String status, Instant startedAt, Instant endedAt, double seconds) {
        assertThat(item.get("violation_id").asText()).isNotBlank();
        assertThat(item.get("rule_id").asText()).isEqualTo(ruleId);
        assertThat(item.get("rule_type").asText()).isEqualTo(ruleType);
        assertThat(item.get("zone_id").asText()).isEqualTo(zoneId);
        assertThat(item.get("severity").asText()).isEqualTo(severity);
        assertThat(item.get("status").asText()).isEqualTo(status);
        assertThat(item.get("started_at").asText()).isEqualTo(startedAt.toString());
        if (endedAt == null) {
            assertThat(item.get("ended_at").isNull()).isTrue();
        } else {
            assertThat(item.get("ended_at").asText()).isEqualTo(endedAt.toString());
        }
        assertThat(item.get("seconds").asDouble()).as("seconds of %s", item).isCloseTo(seconds, within(1e-6));
    }

    private static void assertGap(JsonNode gap, Instant from, Instant to, double seconds) {
        assertThat(gap.get("from").asText()).isEqualTo(from.toString());
        assertThat(gap.get("to").asText()).isEqualTo(to.toString());
        assertThat(gap.get("seconds").asDouble()).isEqualTo(seconds);
    }

    private static void assertLine(JsonNode line, long fixes, double distance, double zoneSeconds, long entries, long exits,
                                   long violations, double violationSeconds, long critical, long warning, long gaps,
                                   double gapSeconds) {
        assertThat(line.get("fixes").asLong()).as("fixes of %s", line).isEqualTo(fixes);
        assertThat(line.get("distance_m").asDouble()).as("distance of %s", line).isCloseTo(distance, within(MM));
        assertThat(line.get("zone_seconds").asDouble()).as("zone_seconds of %s", line).isEqualTo(zoneSeconds);
        assertThat(line.get("entries").asLong()).as("entries of %s", line).isEqualTo(entries);
        assertThat(line.get("exits").asLong()).as("exits of %s", line).isEqualTo(exits);
        assertThat(line.get("violations").asLong()).as("violations of %s", line).isEqualTo(violations);
        assertThat(line.get("violation_seconds").asDouble()).as("violation_seconds of %s", line).isEqualTo(violationSeconds);
        assertThat(line.get("critical").asLong()).as("critical of %s", line).isEqualTo(critical);
        assertThat(line.get("warning").asLong()).as("warning of %s", line).isEqualTo(warning);
        assertThat(line.get("gaps").asLong()).as("gaps of %s", line).isEqualTo(gaps);
        assertThat(line.get("gap_seconds").asDouble()).as("gap_seconds of %s", line).isEqualTo(gapSeconds);
    }

    /** A CSV line equal to {@code expected} once its distance cell (D) is read as a number. */
    private static void assertCsvLine(String line, String expected, double distance) {
        String[] cells = line.split(",", -1);
        assertThat(Double.parseDouble(cells[2])).isCloseTo(distance, within(MM));
        cells[2] = "D";
        assertThat(String.join(",", cells)).isEqualTo(expected);
    }

    private static double sum(JsonNode array, String field) {
        double total = 0;
        for (JsonNode n : array) {
            total += n.get(field).asDouble();
        }
        return total;
    }
}
