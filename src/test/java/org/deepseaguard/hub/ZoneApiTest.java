package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;
import static org.deepseaguard.hub.TelemetryApiTest.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** /api/v1/zones through real HTTP: create or replace, import, versioned changes, all-or-nothing, occupancy. */
class ZoneApiTest extends HubTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void createGetUpdateDeleteWithVersions() {
        String zoneId = id("Z-CRUD");
        Http.Response created = http.post("/api/v1/zones", squareZone(zoneId, "closed_area", 10, 10, 1));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("created");
        assertThat(created.json().get("zone_ids").get(0).asText()).isEqualTo(zoneId);

        JsonNode feature = http.get("/api/v1/zones/" + zoneId).json();
        assertThat(feature.get("type").asText()).isEqualTo("Feature");
        assertThat(feature.get("properties").get("zone_type").asText()).isEqualTo("closed_area");
        assertThat(feature.get("properties").get("version").asInt()).isEqualTo(1);

        Http.Response updated = http.put("/api/v1/zones/" + zoneId, squareZone(zoneId, "safety_zone", 10, 10, 2));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("properties").get("version").asInt()).isEqualTo(2);
        assertThat(updated.json().get("properties").get("zone_type").asText()).isEqualTo("safety_zone");
        assertThat(http.get("/api/v1/zones/" + zoneId).json().get("properties").get("version").asInt()).isEqualTo(2);

        JsonNode all = http.get("/api/v1/zones").json();
        assertThat(all.get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(all.get("features").findValuesAsText("zone_id")).contains(zoneId);
        assertThat(http.get("/api/v1/zones?zone_type=safety_zone").json().get("features").findValuesAsText("zone_id"))
                .contains(zoneId);
        assertThat(http.get("/api/v1/zones?zone_type=apei").json().get("features").findValuesAsText("zone_id"))
                .doesNotContain(zoneId);

        assertThat(http.delete("/api/v1/zones/" + zoneId).status()).isEqualTo(204);
        assertProblem(http.get("/api/v1/zones/" + zoneId), 404);
        assertProblem(http.delete("/api/v1/zones/" + zoneId), 404);
        assertProblem(http.put("/api/v1/zones/" + zoneId, squareZone(zoneId, "custom", 10, 10, 1)), 404);

        // re-created after deletion: the history continues (1 created, 2 updated, 3 deleted, 4 created)
        http.post("/api/v1/zones", squareZone(zoneId, "closed_area", 10, 10, 1));
        assertThat(http.get("/api/v1/zones/" + zoneId).json().get("properties").get("version").asInt()).isEqualTo(4);
    }

    @Test
    void featureCollectionIsAllOrNothing() {
        String a = id("Z-A");
        String b = id("Z-B");
        String bad = """
                {"type":"FeatureCollection","features":[%s,
                 {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]},
                  "properties":{"zone_id":"%s","zone_type":"custom"}}]}""".formatted(squareZone(a, "custom", 20, 20, 1), b);
        Http.Response refused = http.post("/api/v1/zones", bad);
        assertProblem(refused, 400);
        assertThat(fields(refused.json().get("errors"))).anyMatch(f -> f.startsWith("features[1].geometry"));
        assertProblem(http.get("/api/v1/zones/" + a), 404);

        String good = """
                {"type":"FeatureCollection","features":[%s,%s]}"""
                .formatted(squareZone(a, "custom", 20, 20, 1), squareZone(b, "custom", 22, 20, 1));
        Http.Response created = http.post("/api/v1/zones", good);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("zone_ids").get(0).asText()).isEqualTo(a);
        assertThat(created.json().get("zone_ids").get(1).asText()).isEqualTo(b);
    }

    @Test
    void existingIdsAreReplacedAsTheirNextVersionAndJudgedWithTheNewGeometry() {
        String a = id("Z-RA");
        String c = id("Z-RC");
        assertThat(http.post("/api/v1/zones", squareZone(a, "custom", 60, 20, 1)).status()).isEqualTo(201);
        String rule = id("R-RZ");
        assertThat(http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"critical","zone_ids":["%s"]}"""
                .formatted(rule, a)).status()).isEqualTo(201);

        // a moves 6 degrees east and becomes a closed area; c is new
        Http.Response replaced = http.post("/api/v1/zones", """
                {"type":"FeatureCollection","features":[%s,%s]}"""
                .formatted(squareZone(c, "custom", 64, 20, 1), squareZone(a, "closed_area", 66, 20, 1)));
        assertThat(replaced.status()).isEqualTo(201);
        assertThat(replaced.json().get("status").asText()).isEqualTo("created");
        assertThat(replaced.json().get("zone_ids").get(0).asText()).isEqualTo(c);
        assertThat(replaced.json().get("zone_ids").get(1).asText()).isEqualTo(a);

        JsonNode zoneA = http.get("/api/v1/zones/" + a).json();
        assertThat(zoneA.get("properties").get("version").asInt()).isEqualTo(2);
        assertThat(zoneA.get("properties").get("zone_type").asText()).isEqualTo("closed_area");
        assertThat(zoneA.get("geometry").get("coordinates").get(0).get(0).get(0).asDouble()).isEqualTo(66.0);
        assertThat(http.get("/api/v1/zones/" + c).json().get("properties").get("version").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT version, change_type FROM zone_versions WHERE zone_id = ? ORDER BY version",
                a)).extracting(row -> row.get("version") + " " + row.get("change_type"))
                .containsExactly("1 created", "2 updated");

        // the engine judges with version 2: the old footprint is empty, the new one restricted
        String auv = id("AUV-RZ");
        http.post("/api/v1/telemetry", fix(auv, ago(20), 20.5, 60.5, 100));
        assertThat(http.get("/api/v1/violations?auv_id=" + auv).json().get("total").asInt()).isZero();
        http.post("/api/v1/telemetry", fix(auv, ago(10), 20.5, 66.5, 100));
        JsonNode violation = http.get("/api/v1/violations?auv_id=" + auv).json().get("violations").get(0);
        assertThat(violation.get("rule_id").asText()).isEqualTo(rule);
        assertThat(violation.get("zone_id").asText()).isEqualTo(a);
        assertThat(violation.get("zone_version").asInt()).isEqualTo(2);

        // still all or nothing: a bad feature next to a replacement changes nothing
        Http.Response refused = http.post("/api/v1/zones", """
                {"type":"FeatureCollection","features":[%s,{"type":"Feature","geometry":null,"properties":{"zone_id":"%s"}}]}"""
                .formatted(squareZone(a, "custom", 70, 20, 1), id("Z-RX")));
        assertProblem(refused, 400);
        assertThat(http.get("/api/v1/zones/" + a).json().get("properties").get("version").asInt()).isEqualTo(2);
    }

    @Test
    void badZonesNameTheField() {
        Http.Response noId = http.post("/api/v1/zones", """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},
                 "properties":{"zone_type":"volcano","min_depth":-5}}""");
        assertProblem(noId, 400);
        assertThat(fields(noId.json().get("errors"))).contains("properties.zone_id", "properties.zone_type",
                "properties.min_depth");

        assertProblem(http.post("/api/v1/zones", "{\"type\":\"Point\"}"), 400);
        assertProblem(http.post("/api/v1/zones", "[1,2"), 400);

        String zoneId = id("Z-PUT");
        http.post("/api/v1/zones", squareZone(zoneId, "custom", 30, 30, 1));
        Http.Response mismatch = http.put("/api/v1/zones/" + zoneId, squareZone("OTHER", "custom", 30, 30, 1));
        assertProblem(mismatch, 400);
        assertThat(fields(mismatch.json().get("errors"))).containsExactly("properties.zone_id");
    }

    @Test
    void importMapsForeignProperties() {
        String key = id("FOREIGN");
        String foreign = """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[40,40],[41,40],[41,41],[40,41],[40,40]]]},
                  "properties":{"Key":"%s","Label":"Lease block 7","Contract":"LEASE-7","Area":1234.5}}]}""".formatted(key);
        Http.Response r = http.post("/api/v1/zones/import?id_property=Key&name_property=Label&zone_type=contract_area"
                + "&contract_id_property=Contract&source=Lease%20registry%202026", foreign);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("zone_ids").get(0).asText()).isEqualTo(key);

        JsonNode p = http.get("/api/v1/zones/" + key).json().get("properties");
        assertThat(p.get("name").asText()).isEqualTo("Lease block 7");
        assertThat(p.get("zone_type").asText()).isEqualTo("contract_area");
        assertThat(p.get("contract_id").asText()).isEqualTo("LEASE-7");
        assertThat(p.get("source").asText()).isEqualTo("Lease registry 2026");

        Http.Response badType = http.post("/api/v1/zones/import?id_property=Key&zone_type=volcano", foreign);
        assertProblem(badType, 400);
        assertThat(fields(badType.json().get("errors"))).containsExactly("zone_type");
    }

    @Test
    void occupancyListsTheVehiclesInAZone() {
        String zoneId = id("Z-OCC");
        http.post("/api/v1/zones", squareZone(zoneId, "custom", 50, 50, 1));
        String inside = id("AUV-OCC");
        String outside = id("AUV-OCC");
        Instant t = ago(30);
        http.post("/api/v1/telemetry", "[" + fix(inside, t, 50.5, 50.5, 100) + "," + fix(outside, t, 49, 49, 100) + "]");

        JsonNode occupancy = http.get("/api/v1/zones/" + zoneId + "/auvs").json();
        assertThat(occupancy.get("zone_id").asText()).isEqualTo(zoneId);
        assertThat(occupancy.get("auvs")).hasSize(1);
        assertThat(occupancy.get("auvs").get(0).get("auv_id").asText()).isEqualTo(inside);
        assertThat(occupancy.get("auvs").get(0).get("entry_time").asText()).isEqualTo(t.toString());

        JsonNode status = http.get("/api/v1/auvs/" + inside).json();
        assertThat(status.get("current_zones").get(0).get("zone_id").asText()).isEqualTo(zoneId);
        assertThat(status.get("current_zones").get(0).get("zone_type").asText()).isEqualTo("custom");
        assertThat(status.get("current_zones").get(0).get("entry_time").asText()).isEqualTo(t.toString());

        http.post("/api/v1/telemetry", fix(inside, t.plusSeconds(10), 52, 52, 100));
        assertThat(http.get("/api/v1/zones/" + zoneId + "/auvs").json().get("auvs")).isEmpty();
        assertProblem(http.get("/api/v1/zones/NO-SUCH-ZONE/auvs"), 404);
    }
}
