package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;
import static org.deepseaguard.hub.TelemetryApiTest.fields;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** /api/v1/rules through real HTTP: object or array, create or replace, all-or-nothing, versions, bad parameters. */
class RuleApiTest extends HubTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void createReadUpdateDeleteWithVersions() {
        String ruleId = id("R-DWELL");
        Http.Response created = http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"max_dwell","severity":"warning","zone_ids":["NOWHERE"],"max_dwell_seconds":3600}"""
                .formatted(ruleId));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("rule_ids").get(0).asText()).isEqualTo(ruleId);
        assertThat(created.json().get("rules").get(0).get("version").asInt()).isEqualTo(1);

        JsonNode rule = http.get("/api/v1/rules/" + ruleId).json();
        assertThat(rule.get("rule_id").asText()).isEqualTo(ruleId);
        assertThat(rule.get("type").asText()).isEqualTo("max_dwell");
        assertThat(rule.get("severity").asText()).isEqualTo("warning");
        assertThat(rule.get("enabled").asBoolean()).isTrue();
        assertThat(rule.get("max_dwell_seconds").asLong()).isEqualTo(3600);
        assertThat(rule.get("version").asInt()).isEqualTo(1);

        Http.Response updated = http.put("/api/v1/rules/" + ruleId, """
                {"type":"max_dwell","severity":"critical","zone_ids":["NOWHERE"],"max_dwell_seconds":60,"enabled":false}""");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("version").asInt()).isEqualTo(2);
        assertThat(updated.json().get("severity").asText()).isEqualTo("critical");
        assertThat(updated.json().get("enabled").asBoolean()).isFalse();

        JsonNode all = http.get("/api/v1/rules").json();
        assertThat(all.isArray()).isTrue();
        assertThat(all.findValuesAsText("rule_id")).contains(ruleId);

        assertThat(http.delete("/api/v1/rules/" + ruleId).status()).isEqualTo(204);
        assertProblem(http.get("/api/v1/rules/" + ruleId), 404);
        assertProblem(http.delete("/api/v1/rules/" + ruleId), 404);
    }

    @Test
    void arrayIsAllOrNothingAndReportsEachBadItem() {
        String a = id("R-A");
        String b = id("R-B");
        Http.Response refused = http.post("/api/v1/rules", """
                [{"rule_id":"%s","type":"restricted_zone","severity":"critical","zone_ids":["NOWHERE"]},
                 {"rule_id":"%s","type":"speed_limit","severity":"loud"},
                 {"type":"teleport"}]""".formatted(a, b));
        assertProblem(refused, 400);
        assertThat(fields(refused.json().get("errors")))
                .contains("[1].severity", "[2].rule_id", "[2].type");
        assertProblem(http.get("/api/v1/rules/" + a), 404);

        Http.Response missingParameter = http.post("/api/v1/rules", """
                [{"rule_id":"%s","type":"speed_limit"}]""".formatted(b));
        assertProblem(missingParameter, 400);
        assertThat(fields(missingParameter.json().get("errors"))).containsExactly("[0].max_speed_mps");

        Http.Response ok = http.post("/api/v1/rules", """
                [{"rule_id":"%s","type":"restricted_zone","zone_ids":["NOWHERE"]},
                 {"rule_id":"%s","type":"speed_limit","max_speed_mps":2.5,"auv_ids":["NOBODY"]}]""".formatted(a, b));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.json().get("rule_ids")).hasSize(2);

        // all or nothing with a replacement: a bad item next to an existing id changes nothing
        Http.Response refusedReplacement = http.post("/api/v1/rules", """
                [{"rule_id":"%s","type":"restricted_zone","severity":"warning","zone_ids":["NOWHERE"]},
                 {"rule_id":"%s","type":"proximity"}]""".formatted(a, id("R-C")));
        assertProblem(refusedReplacement, 400);
        assertThat(fields(refusedReplacement.json().get("errors"))).containsExactly("[1].min_distance_m");
        assertThat(http.get("/api/v1/rules/" + a).json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void postingAnExistingIdReplacesTheRuleAsItsNextVersion() {
        String ruleId = id("R-REPL");
        String zoneId = id("Z-REPL");
        http.post("/api/v1/zones", squareZone(zoneId, "custom", 70, 30, 1));
        assertThat(http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"warning","zone_ids":["%s"]}"""
                .formatted(ruleId, zoneId)).status()).isEqualTo(201);

        Http.Response replaced = http.post("/api/v1/rules", """
                [{"rule_id":"%s","type":"restricted_zone","severity":"critical","zone_ids":["%s"],
                  "description":"replaced"}]""".formatted(ruleId, zoneId));
        assertThat(replaced.status()).isEqualTo(201);
        assertThat(replaced.json().get("status").asText()).isEqualTo("created");
        assertThat(replaced.json().get("rule_ids").get(0).asText()).isEqualTo(ruleId);
        assertThat(replaced.json().get("rules").get(0).get("version").asInt()).isEqualTo(2);

        JsonNode rule = http.get("/api/v1/rules/" + ruleId).json();
        assertThat(rule.get("version").asInt()).isEqualTo(2);
        assertThat(rule.get("severity").asText()).isEqualTo("critical");
        assertThat(rule.get("description").asText()).isEqualTo("replaced");
        assertThat(jdbc.queryForList("SELECT version, change_type FROM rule_versions WHERE rule_id = ? ORDER BY version",
                ruleId)).extracting(row -> row.get("version") + " " + row.get("change_type"))
                .containsExactly("1 created", "2 updated");

        // the engine judges with version 2
        String auv = id("AUV-REPL");
        http.post("/api/v1/telemetry", fix(auv, ago(10), 30.5, 70.5, 100));
        JsonNode violation = http.get("/api/v1/violations?auv_id=" + auv).json().get("violations").get(0);
        assertThat(violation.get("rule_id").asText()).isEqualTo(ruleId);
        assertThat(violation.get("severity").asText()).isEqualTo("critical");
        assertThat(violation.get("rule_version").asInt()).isEqualTo(2);

        // deleted, then posted again: the history continues (3 deleted, 4 created)
        assertThat(http.delete("/api/v1/rules/" + ruleId).status()).isEqualTo(204);
        Http.Response recreated = http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","zone_ids":["%s"]}""".formatted(ruleId, zoneId));
        assertThat(recreated.status()).isEqualTo(201);
        assertThat(recreated.json().get("rules").get(0).get("version").asInt()).isEqualTo(4);
    }

    @Test
    void badRuleFieldsAreNamed() {
        Http.Response r = http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"depth_limit","min_depth":5000,"max_depth":4000,"zone_types":["lagoon"],
                 "active_from":"tomorrow"}""".formatted(id("R-BAD")));
        assertProblem(r, 400);
        assertThat(fields(r.json().get("errors"))).contains("zone_types", "active_from");

        Http.Response range = http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"depth_limit","min_depth":5000,"max_depth":4000}""".formatted(id("R-BAD")));
        assertProblem(range, 400);
        assertThat(fields(range.json().get("errors"))).containsExactly("min_depth");

        assertProblem(http.post("/api/v1/rules", "{\"rule_id\":"), 400);
        assertProblem(http.put("/api/v1/rules/NO-SUCH-RULE", "{\"type\":\"restricted_zone\"}"), 404);
    }
}
