package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepseaguard.hub.api.ApiResponse;
import org.deepseaguard.hub.api.TrackApi;
import org.deepseaguard.hub.service.StatusService;
import org.deepseaguard.hub.store.FixLogRepository;
import org.deepseaguard.hub.timeseries.FixLogTracks;
import org.deepseaguard.hub.timeseries.InfluxProperties;
import org.deepseaguard.hub.timeseries.InfluxTracks;
import org.deepseaguard.hub.timeseries.TrackProperties;
import org.deepseaguard.hub.timeseries.TrackSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * InfluxDB 1.x in profile {@code stack}, queried over its HTTP API: exactly the applied fixes
 * (none missing, no duplicate, late fixes left out) as {@code auv_position} with their tags and
 * fields, each violation transition as a {@code violations} point, the retention policies and the
 * hourly continuous query created at start, and a track read from InfluxDB equal to the same track
 * read from the fix log (the default profile's source).
 */
@StackIT
class InfluxDbIT extends StackTestSupport {

    private static final Instant T0 = Instant.now().minus(50, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    InfluxProperties influx;
    @Autowired
    FixLogRepository fixLog;
    @Autowired
    StatusService status;
    @Autowired
    TrackProperties trackProperties;
    @Autowired
    Clock clock;
    @Autowired
    TrackSource tracks;

    @Test
    void everyAppliedFixIsOnePointWithItsTagsAndFields() {
        String auv = "IT-INFLUX-FIX";
        apiJson("POST", "/auvs", """
                {"auv_id":"%s","name":"Nereid","operator":"Blue Ocean Ltd","contract_ids":[]}""".formatted(auv), 201);
        Instant t1 = T0.plusMillis(1500).plusNanos(250_000);
        JsonNode answer = apiJson("POST", "/telemetry", "[" + String.join(",",
                fix(auv, T0, -10.0, 20.0, 3000),
                """
                {"auv_id":"%s","timestamp":"%s","latitude":-10.001,"longitude":20.002,"depth":3001.5,"speed":1.25,"heading":90.5,"battery":0.75,"mission_id":"M-7"}"""
                        .formatted(auv, t1),
                fix(auv, T0.plusSeconds(10), -10.01, 20.01, 3002)) + "]", 202);
        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        // a duplicate and a late fix: neither is a point
        apiJson("POST", "/telemetry", "[" + fix(auv, T0.plusSeconds(10), -10.01, 20.01, 3002) + ","
                + fix(auv, T0.plusSeconds(5), -11, 21, 1) + "]", 202);
        apiJson("POST", "/telemetry", fix(auv, T0.plusSeconds(20), -10.02, 20.02, 3003), 202);

        await().atMost(WAIT).until(() -> rows("SELECT count(latitude) FROM auv_position WHERE auv_id = '" + auv + "'")
                .stream().mapToLong(r -> r.get("count").asLong()).sum() >= 4);
        List<Map<String, JsonNode>> points = rows("SELECT * FROM auv_position WHERE auv_id = '" + auv + "' ORDER BY time");

        assertThat(points).extracting(p -> p.get("time").asLong())
                .containsExactly(micros(T0), micros(t1), micros(T0.plusSeconds(10)), micros(T0.plusSeconds(20)));
        assertThat(points).allSatisfy(p -> {
            assertThat(p.get("auv_id").asText()).isEqualTo(auv);
            assertThat(p.get("operator").asText()).isEqualTo("Blue Ocean Ltd");
        });
        Map<String, JsonNode> second = points.get(1);
        assertThat(second.get("latitude").asDouble()).isEqualTo(-10.001);
        assertThat(second.get("longitude").asDouble()).isEqualTo(20.002);
        assertThat(second.get("depth").asDouble()).isEqualTo(3001.5);
        assertThat(second.get("speed").asDouble()).isEqualTo(1.25);
        assertThat(second.get("heading").asDouble()).isEqualTo(90.5);
        assertThat(second.get("battery").asDouble()).isEqualTo(0.75);
        assertThat(second.get("mission_id").asText()).isEqualTo("M-7");
        Map<String, JsonNode> first = points.get(0);
        assertThat(first.get("depth").asDouble()).isEqualTo(3000);
        assertThat(first.get("speed").isNull()).isTrue();
        assertThat(first.get("mission_id").isNull()).isTrue();
    }

    @Test
    void everyViolationTransitionIsAPoint() {
        String auv = "IT-INFLUX-VIO";
        apiJson("POST", "/zones", squareZone("IT-INFLUX-APEI", "apei", 60.0, 10.0, 61.0, 11.0), 201);
        apiJson("POST", "/rules", """
                {"rule_id":"R-IT-INFLUX","type":"restricted_zone","severity":"critical","zone_ids":["IT-INFLUX-APEI"]}""", 201);
        apiJson("POST", "/telemetry", "[" + String.join(",",
                fix(auv, T0, 9.5, 60.5, 100), fix(auv, T0.plusSeconds(60), 10.5, 60.5, 100),
                fix(auv, T0.plusSeconds(150), 9.5, 60.5, 100)) + "]", 202);

        await().atMost(WAIT).until(() -> rows("SELECT * FROM violations WHERE auv_id = '" + auv + "'").size() >= 2);
        List<Map<String, JsonNode>> points = rows("SELECT * FROM violations WHERE auv_id = '" + auv + "' ORDER BY time");

        assertThat(points).hasSize(2);
        Map<String, JsonNode> opened = points.get(0);
        Map<String, JsonNode> closed = points.get(1);
        assertThat(opened.get("time").asLong()).isEqualTo(micros(T0.plusSeconds(60)));
        assertThat(closed.get("time").asLong()).isEqualTo(micros(T0.plusSeconds(150)));
        for (Map<String, JsonNode> p : points) {
            assertThat(p.get("rule_type").asText()).isEqualTo("restricted_zone");
            assertThat(p.get("severity").asText()).isEqualTo("critical");
            assertThat(p.get("zone_id").asText()).isEqualTo("IT-INFLUX-APEI");
            assertThat(p.get("rule_id").asText()).isEqualTo("R-IT-INFLUX");
            assertThat(p.get("violation_id").asText()).isEqualTo(opened.get("violation_id").asText());
        }
        assertThat(opened.get("transition").asText()).isEqualTo("opened");
        assertThat(closed.get("transition").asText()).isEqualTo("closed");
        assertThat(closed.get("duration_seconds").asDouble()).isEqualTo(90.0);
        assertThat(opened.get("duration_seconds").isNull()).isTrue();
    }

    @Test
    void retentionPoliciesAndTheHourlyContinuousQueryAreCreatedAtStart() {
        String policies = FreshInfluxDatabase.query("SHOW RETENTION POLICIES ON \"" + influx.database() + "\"", null);
        assertThat(policies).contains("[\"raw\",\"2160h0m0s\"").contains("[\"downsampled\",\"17520h0m0s\"");
        assertThat(rows("SHOW RETENTION POLICIES")).filteredOn(r -> r.get("name").asText().equals("raw"))
                .singleElement().satisfies(r -> assertThat(r.get("default").asBoolean()).isTrue());
        String queries = FreshInfluxDatabase.query("SHOW CONTINUOUS QUERIES", null);
        assertThat(queries).contains("auv_position_1h")
                .contains("INTO " + influx.database() + ".downsampled.auv_position_1h")
                .contains("GROUP BY time(1h), *");
    }

    @Test
    void theTrackFromInfluxDbIsTheTrackFromTheFixLog() throws IOException {
        String auv = "IT-INFLUX-TRACK";
        List<String> fixes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // eastward across the antimeridian: 179.5 .. -179.4
            double lon = 179.5 + 0.1 * i;
            fixes.add("""
                    {"auv_id":"%s","timestamp":"%s","latitude":%s,"longitude":%s,"depth":%s,"speed":%s}"""
                    .formatted(auv, T0.plusSeconds(30L * i).plusNanos(123_000L * i), -16 - 0.01 * i, lon > 180 ? lon - 360 : lon,
                            2000 + i, i % 3 == 0 ? "null" : String.valueOf(0.5 * i)));
        }
        apiJson("POST", "/telemetry", "[" + String.join(",", fixes) + "]", 202);
        await().atMost(WAIT).until(() -> rows("SELECT count(latitude) FROM auv_position WHERE auv_id = '" + auv + "'")
                .stream().mapToLong(r -> r.get("count").asLong()).sum() == 12);

        assertThat(tracks).as("profile stack reads tracks from InfluxDB").isInstanceOf(InfluxTracks.class);
        String period = "from=" + T0.minusSeconds(1) + "&to=" + T0.plusSeconds(3600);
        TrackApi fromFixLog = new TrackApi(new FixLogTracks(fixLog), status, trackProperties, json, clock);
        Map<String, Object> query = new LinkedHashMap<>(Map.of("from", T0.minusSeconds(1).toString(),
                "to", T0.plusSeconds(3600).toString()));

        JsonNode geoJson = apiJson("GET", "/auvs/" + auv + "/track?" + period, null, 200);
        assertThat(geoJson.at("/geometry/type").asText()).isEqualTo("MultiLineString");
        assertThat(geoJson.at("/properties/fixes").asInt()).isEqualTo(12);
        assertThat(geoJson).isEqualTo(json.valueToTree(fromFixLog.track(auv, query).body()));

        HttpResponse<String> csv = api("GET", "/auvs/" + auv + "/track?format=csv&" + period, null);
        query.put("format", "csv");
        ApiResponse csvFromFixLog = fromFixLog.track(auv, query);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).hasLineCount(13).isEqualTo(csvFromFixLog.body());
    }

    /** The rows of an InfluxQL query on the test's database, each as column -> value. */
    private List<Map<String, JsonNode>> rows(String statement) {
        JsonNode answer;
        try {
            answer = json.readTree(FreshInfluxDatabase.query(statement, influx.database()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, JsonNode>> rows = new ArrayList<>();
        for (JsonNode result : answer.get("results")) {
            assertThat(result.has("error")).as("InfluxDB error: %s", result).isFalse();
            for (JsonNode series : result.path("series")) {
                for (JsonNode values : series.get("values")) {
                    Map<String, JsonNode> row = new LinkedHashMap<>();
                    for (int i = 0; i < series.get("columns").size(); i++) {
                        row.put(series.get("columns").get(i).asText(), values.get(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}
