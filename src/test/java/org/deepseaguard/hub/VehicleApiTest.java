package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;
import static org.deepseaguard.hub.TelemetryApiTest.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.hub.store.VehicleStateStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** /api/v1/auvs through real HTTP: registration (create or replace) and status. */
class VehicleApiTest extends HubTestSupport {

    @Autowired
    VehicleStateStore states;

    @Test
    void registerUpdateAndReadStatus() {
        String auv = id("AUV-REG");
        Http.Response registered = http.post("/api/v1/auvs", """
                {"auv_id":"%s","name":"Surveyor 7","operator":"NORI","contract_ids":["NORIPMN1"],"max_speed_mps":2.5,"max_depth":6000}"""
                .formatted(auv));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().get("contract_ids").get(0).asText()).isEqualTo("NORIPMN1");
        assertThat(registered.json().get("max_speed_mps").asDouble()).isEqualTo(2.5);

        JsonNode status = http.get("/api/v1/auvs/" + auv).json();
        assertThat(status.get("status").asText()).isEqualTo("unknown");
        assertThat(status.get("current_zones")).isEmpty();
        assertThat(status.get("last_update").isNull()).isTrue();
        assertThat(status.get("position").isNull()).isTrue();
        assertThat(status.get("open_violations").asInt()).isZero();

        Http.Response updated = http.put("/api/v1/auvs/" + auv, """
                {"name":"Surveyor 7b","contract_ids":["NORIPMN1","TOMLPMN1"]}""");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("name").asText()).isEqualTo("Surveyor 7b");
        assertThat(updated.json().get("contract_ids")).hasSize(2);

        String other = id("AUV-PUT");
        assertThat(http.put("/api/v1/auvs/" + other, "{\"name\":\"new\"}").status()).isEqualTo(201);

        JsonNode list = http.get("/api/v1/auvs").json();
        assertThat(list.isArray()).isTrue();
        assertThat(list.findValuesAsText("auv_id")).contains(auv, other);
    }

    @Test
    void postingARegisteredIdReplacesTheRegistration() {
        String zone = id("Z-CONTRACT");
        http.post("/api/v1/zones", """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[80,30],[81,30],[81,31],[80,31],[80,30]]]},
                 "properties":{"zone_id":"%s","zone_type":"contract_area","contract_id":"%s-C"}}""".formatted(zone, zone));
        String auv = id("AUV-REREG");
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"unauthorized_entry","severity":"critical","zone_ids":["%s"],"auv_ids":["%s"]}"""
                .formatted(id("R-UNAUTH"), zone, auv));
        assertThat(http.post("/api/v1/auvs", """
                {"auv_id":"%s","name":"Surveyor","operator":"NORI","contract_ids":["OTHER"]}""".formatted(auv)).status())
                .isEqualTo(201);

        Http.Response replaced = http.post("/api/v1/auvs", """
                {"auv_id":"%s","name":"Surveyor 2","contract_ids":["%s-C"],"max_depth":5000}""".formatted(auv, zone));
        assertThat(replaced.status()).isEqualTo(201);
        assertThat(replaced.json().get("auv_id").asText()).isEqualTo(auv);
        assertThat(replaced.json().get("name").asText()).isEqualTo("Surveyor 2");
        assertThat(replaced.json().get("operator").isNull()).isTrue();
        assertThat(replaced.json().get("contract_ids").get(0).asText()).isEqualTo(zone + "-C");
        assertThat(replaced.json().get("max_depth").asDouble()).isEqualTo(5000.0);

        // the new registration holds the zone's contract: no unauthorized entry
        http.post("/api/v1/telemetry", fix(auv, ago(10), 30.5, 80.5, 100));
        JsonNode status = http.get("/api/v1/auvs/" + auv).json();
        assertThat(status.get("current_zones").get(0).get("zone_id").asText()).isEqualTo(zone);
        assertThat(status.get("status").asText()).isEqualTo("compliant");
        assertThat(http.get("/api/v1/violations?auv_id=" + auv).json().get("total").asInt()).isZero();
    }

    @Test
    void aSilentVehicleIsNotDarkWithoutATelemetryGapRule() {
        String auv = id("AUV-SILENT");
        http.post("/api/v1/telemetry", fix(auv, ago(7200), 1.5, 171.5, 10));
        VehicleState state = states.load(auv).orElseThrow();
        states.save(new VehicleState(auv, state.lastFix(), state.zoneEntries(), state.openViolations(),
                Instant.now().minus(Duration.ofHours(2))));
        assertThat(http.get("/api/v1/auvs/" + auv).json().get("status").asText()).isEqualTo("compliant");
    }

    @Test
    void aPutSentAsAFormIsRefused() {
        String auv = id("AUV-FORM");
        Http.Response put = http.send(http.request("/api/v1/auvs/" + auv)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"Form 1\",\"contract_ids\":[\"C-1\"]}")));
        assertProblem(put, 415);
        assertThat(put.json().get("type").asText()).isEqualTo("urn:deepseaguard:problem:unsupported-media-type");
        assertThat(http.put("/api/v1/auvs/" + auv, "{\"name\":\"Form 1\",\"contract_ids\":[\"C-1\"]}").status())
                .isEqualTo(201);
        assertThat(http.get("/api/v1/auvs").json().toString()).contains(auv);
    }

    @Test
    void badRegistrationsNameTheField() {
        Http.Response r = http.post("/api/v1/auvs", """
                {"auv_id":"bad id","contract_ids":"NORIPMN1","max_speed_mps":-1,"max_depth":12000}""");
        assertProblem(r, 400);
        assertThat(fields(r.json().get("errors"))).contains("auv_id", "contract_ids", "max_speed_mps", "max_depth");

        assertProblem(http.post("/api/v1/auvs", "{}"), 400);
        assertProblem(http.post("/api/v1/auvs", "not json"), 400);
        Http.Response mismatch = http.put("/api/v1/auvs/" + id("AUV-M"), "{\"auv_id\":\"SOMEONE-ELSE\"}");
        assertProblem(mismatch, 400);
        assertThat(fields(mismatch.json().get("errors"))).containsExactly("auv_id");
    }

    @Test
    void unknownVehicleIs404() {
        Http.Response r = http.get("/api/v1/auvs/NEVER-SEEN");
        assertProblem(r, 404);
        assertThat(r.json().get("detail").asText()).contains("NEVER-SEEN");
    }
}
