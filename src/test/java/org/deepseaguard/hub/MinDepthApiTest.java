package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;
import static org.deepseaguard.hub.TelemetryApiTest.fields;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The {@code min_depth} rule type through real HTTP: posted, read back, refused when bad, and breached by a fix. */
class MinDepthApiTest extends HubTestSupport {

    @Test
    void aFixShallowerThanTheLimitInsideTheZoneOpensAnEpisodeAndADeeperOneClosesIt() {
        String zoneId = id("Z-MIN");
        String ruleId = id("R-MIN");
        String auv = id("AUV-MIN");
        assertThat(http.post("/api/v1/zones", squareZone(zoneId, "marine_protected_area", -150, -40, 1)).status())
                .isEqualTo(201);
        Http.Response created = http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"min_depth","severity":"critical","zone_ids":["%s"],"auv_ids":["%s"],
                 "min_depth":1000,"description":"stay below the upper water column"}""".formatted(ruleId, zoneId, auv));
        assertThat(created.status()).isEqualTo(201);

        Http.Response read = http.get("/api/v1/rules/" + ruleId);
        assertThat(read.text()).isEqualTo("""
                {"rule_id":"%s","type":"min_depth","severity":"critical","description":"stay below the upper water column",\
                "enabled":true,"zone_ids":["%s"],"zone_types":[],"auv_ids":["%s"],"active_from":null,"active_to":null,\
                "min_depth":1000.0,"max_depth":null,"max_dwell_seconds":null,"max_speed_mps":null,"min_distance_m":null,\
                "max_gap_seconds":null,"version":1}""".formatted(ruleId, zoneId, auv));

        assertThat(http.post("/api/v1/telemetry", fix(auv, ago(30), -39.5, -149.5, 1000)).status()).isEqualTo(202);
        assertThat(http.get("/api/v1/violations?auv_id=" + auv).json().get("total").asInt()).as("at the limit").isZero();

        assertThat(http.post("/api/v1/telemetry", fix(auv, ago(20), -39.5, -149.5, 640)).status()).isEqualTo(202);
        JsonNode open = http.get("/api/v1/violations?auv_id=" + auv).json().get("violations").get(0);
        assertThat(open.get("rule_id").asText()).isEqualTo(ruleId);
        assertThat(open.get("rule_type").asText()).isEqualTo("min_depth");
        assertThat(open.get("zone_id").asText()).isEqualTo(zoneId);
        assertThat(open.get("severity").asText()).isEqualTo("critical");
        assertThat(open.get("status").asText()).isEqualTo("open");
        assertThat(open.get("depth").asDouble()).isEqualTo(640.0);
        assertThat(open.get("message").asText()).isEqualTo(auv + " at 640.0 m in " + zoneId
                + " (marine_protected_area), shallower than 1000 m allowed by rule " + ruleId);

        assertThat(http.post("/api/v1/telemetry", fix(auv, ago(10), -39.5, -149.5, 1500)).status()).isEqualTo(202);
        JsonNode closed = http.get("/api/v1/violations?auv_id=" + auv).json();
        assertThat(closed.get("total").asInt()).isEqualTo(1);
        assertThat(closed.get("violations").get(0).get("status").asText()).isEqualTo("closed");
        assertThat(closed.get("violations").get(0).get("violation_id")).isEqualTo(open.get("violation_id"));
    }

    @Test
    void aMissingNegativeOrNonNumericLimitIsRefusedNamingTheField() {
        for (String limit : new String[] {"", ",\"min_depth\":-5", ",\"min_depth\":\"deep\""}) {
            Http.Response refused = http.post("/api/v1/rules", """
                    {"rule_id":"%s","type":"min_depth","zone_types":["apei"]%s}""".formatted(id("R-MIN-BAD"), limit));
            assertProblem(refused, 400);
            assertThat(fields(refused.json().get("errors"))).as(limit).containsExactly("min_depth");
        }
        Http.Response inArray = http.post("/api/v1/rules", """
                [{"rule_id":"%s","type":"restricted_zone","zone_ids":["NOWHERE"]},
                 {"rule_id":"%s","type":"min_depth","min_depth":0}]""".formatted(id("R-MIN-OK"), id("R-MIN-BAD")));
        assertProblem(inArray, 400);
        assertThat(fields(inArray.json().get("errors"))).containsExactly("[1].min_depth");
    }
}
