package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;
import static org.deepseaguard.hub.TelemetryApiTest.fields;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** /api/v1/auvs through real HTTP: registration and status. */
class VehicleApiTest extends HubTestSupport {

    @Test
    void registerUpdateAndReadStatus() {
        String auv = id("AUV-REG");
        Http.Response registered = http.post("/api/v1/auvs", """
                {"auv_id":"%s","name":"Surveyor 7","operator":"NORI","contract_ids":["NORIPMN1"],"max_speed_mps":2.5,"max_depth":6000}"""
                .formatted(auv));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().get("contract_ids").get(0).asText()).isEqualTo("NORIPMN1");
        assertThat(registered.json().get("max_speed_mps").asDouble()).isEqualTo(2.5);

        assertProblem(http.post("/api/v1/auvs", "{\"auv_id\":\"" + auv + "\"}"), 409);

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
