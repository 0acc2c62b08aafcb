package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;
import static org.deepseaguard.hub.TelemetryApiTest.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/auvs/{id}/track} in the default profile (read from the fix log): applied fixes
 * only, in time order, as GeoJSON (LineString, MultiLineString across the antimeridian, Point) or
 * CSV; the period [from, to); errors.
 */
class TrackApiTest extends HubTestSupport {

    @Test
    void theTrackIsTheAppliedFixesInTimeOrderWithTheirTimesDepthsAndSpeeds() {
        String auv = id("AUV-TRACK");
        Instant t0 = ago(1800);
        http.post("/api/v1/telemetry", "[" + String.join(",",
                fixWithSpeed(auv, t0.plusSeconds(20), -10.2, 20.2, 310, 1.5),
                fix(auv, t0, -10.0, 20.0, 300),
                fixWithSpeed(auv, t0.plusSeconds(10), -10.1, 20.1, 305, 1.25)) + "]");
        // a late fix (older than the newest) and a duplicate: neither is part of the track
        http.post("/api/v1/telemetry", "[" + fix(auv, t0.plusSeconds(5), -50, 50, 1) + ","
                + fix(auv, t0.plusSeconds(10), -10.1, 20.1, 305) + "]");

        JsonNode track = http.get("/api/v1/auvs/" + auv + "/track?from=" + t0 + "&to=" + t0.plusSeconds(60)).json();

        assertThat(track.get("type").asText()).isEqualTo("Feature");
        assertThat(track.at("/geometry/type").asText()).isEqualTo("LineString");
        assertThat(track.at("/geometry/coordinates").toString()).isEqualTo("[[20.0,-10.0],[20.1,-10.1],[20.2,-10.2]]");
        JsonNode p = track.get("properties");
        assertThat(p.get("auv_id").asText()).isEqualTo(auv);
        assertThat(p.get("fixes").asInt()).isEqualTo(3);
        assertThat(p.get("from").asText()).isEqualTo(t0.toString());
        assertThat(p.get("to").asText()).isEqualTo(t0.plusSeconds(60).toString());
        assertThat(p.get("times").toString()).isEqualTo("[\"%s\",\"%s\",\"%s\"]".formatted(t0, t0.plusSeconds(10), t0.plusSeconds(20)));
        assertThat(p.get("depths").toString()).isEqualTo("[300.0,305.0,310.0]");
        assertThat(p.get("speeds").toString()).isEqualTo("[null,1.25,1.5]");

        // [from, to): the fix at `to` is out, the one at `from` in
        JsonNode window = http.get("/api/v1/auvs/" + auv + "/track?from=" + t0.plusSeconds(10) + "&to=" + t0.plusSeconds(20)).json();
        assertThat(window.at("/geometry/type").asText()).isEqualTo("Point");
        assertThat(window.at("/geometry/coordinates").toString()).isEqualTo("[20.1,-10.1]");
        assertThat(window.at("/properties/times/0").asText()).isEqualTo(t0.plusSeconds(10).toString());

        JsonNode none = http.get("/api/v1/auvs/" + auv + "/track?from=" + t0.minusSeconds(600) + "&to=" + t0).json();
        assertThat(none.get("geometry").isNull()).isTrue();
        assertThat(none.at("/properties/fixes").asInt()).isZero();
    }

    @Test
    void aTrackAcrossTheAntimeridianIsAMultiLineStringCutAt180() {
        String auv = id("AUV-TRACK-AM");
        Instant t0 = ago(600);
        http.post("/api/v1/telemetry", "[" + String.join(",",
                fix(auv, t0, -16, 179.8, 100), fix(auv, t0.plusSeconds(60), -17, -179.8, 100),
                fix(auv, t0.plusSeconds(120), -17.5, -179.6, 100)) + "]");

        JsonNode track = http.get("/api/v1/auvs/" + auv + "/track?from=" + t0 + "&to=" + t0.plusSeconds(121)).json();

        assertThat(track.at("/geometry/type").asText()).isEqualTo("MultiLineString");
        JsonNode lines = track.at("/geometry/coordinates");
        assertThat(lines).hasSize(2);
        // the crossing is halfway in longitude (179.8 -> 180.2), so halfway in latitude: -16.5
        assertThat(lines.get(0)).hasSize(2);
        assertThat(lines.at("/0/1/0").asDouble()).isEqualTo(180);
        assertThat(lines.at("/0/1/1").asDouble()).isCloseTo(-16.5, within(1e-9));
        assertThat(lines.at("/1/0/0").asDouble()).isEqualTo(-180);
        assertThat(lines.at("/1/0/1").asDouble()).isCloseTo(-16.5, within(1e-9));
        assertThat(lines.get(1).toString()).endsWith("[-179.8,-17.0],[-179.6,-17.5]]");
        assertThat(track.at("/properties/times")).hasSize(3);
    }

    @Test
    void csvHasOneRowPerFix() {
        String auv = id("AUV-TRACK-CSV");
        Instant t0 = ago(900);
        http.post("/api/v1/telemetry", "[" + fix(auv, t0, 1.5, 2.5, 10) + ","
                + """
                {"auv_id":"%s","timestamp":"%s","latitude":1.6,"longitude":2.6,"depth":11,"speed":2,"heading":90,"battery":0.8,"mission_id":"M, \\"one\\""}"""
                .formatted(auv, t0.plusSeconds(30)) + "]");

        Http.Response csv = http.get("/api/v1/auvs/" + auv + "/track?format=csv&from=" + t0 + "&to=" + t0.plusSeconds(31));

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.text()).isEqualTo("""
                auv_id,timestamp,latitude,longitude,depth,speed,heading,battery,mission_id\r
                %1$s,%2$s,1.5,2.5,10.0,,,,\r
                %1$s,%3$s,1.6,2.6,11.0,2.0,90.0,0.8,"M, ""one""\"\r
                """.formatted(auv, t0, t0.plusSeconds(30)));
    }

    @Test
    void withoutFromTheTrackIsTheLastHour() {
        String auv = id("AUV-TRACK-HOUR");
        Instant recent = ago(1200);
        http.post("/api/v1/telemetry", "[" + fix(auv, ago(7200), 3, 3, 10) + "," + fix(auv, recent, 3.1, 3.1, 10) + "]");

        JsonNode track = http.get("/api/v1/auvs/" + auv + "/track").json();

        assertThat(track.at("/properties/fixes").asInt()).isEqualTo(1);
        assertThat(track.at("/properties/times/0").asText()).isEqualTo(recent.toString());
        assertThat(Instant.parse(track.at("/properties/to").asText())).isBetween(Instant.now().minusSeconds(60), Instant.now());
    }

    @Test
    void unknownVehiclesAndBadParametersAreProblems() {
        Http.Response unknown = http.get("/api/v1/auvs/" + id("AUV-NOBODY") + "/track");
        assertProblem(unknown, 404);
        assertThat(unknown.json().get("type").asText()).isEqualTo("urn:deepseaguard:problem:not-found");

        String auv = id("AUV-TRACK-BAD");
        http.post("/api/v1/telemetry", fix(auv, ago(60), 1, 1, 1));
        Http.Response badFormat = http.get("/api/v1/auvs/" + auv + "/track?format=kml&from=yesterday");
        assertProblem(badFormat, 400);
        assertThat(fields(badFormat.json().get("errors"))).containsExactlyInAnyOrder("format", "from");
        Http.Response backwards = http.get("/api/v1/auvs/" + auv + "/track?from=" + ago(10) + "&to=" + ago(20));
        assertProblem(backwards, 400);
        assertThat(fields(backwards.json().get("errors"))).containsExactly("to");
    }

    private static String fixWithSpeed(String auv, Instant t, double lat, double lon, double depth, double speed) {
        return """
                {"auv_id":"%s","timestamp":"%s","latitude":%s,"longitude":%s,"depth":%s,"speed":%s}"""
                .formatted(auv, t, lat, lon, depth, speed);
    }
}
