package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.deepseaguard.hub.routes.RecentOutputs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 10, versions: every version of zones, rules and vehicle registrations readable over HTTP;
 * ETag and If-Match (optimistic concurrency, checked atomically with the write); violations keep
 * the zone, rule and registration versions that opened them, in the database and on the outputs.
 */
class VersionsApiTest extends HubTestSupport {

    @Autowired
    RecentOutputs outputs;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    // ------------------------------------------------------------------ versions readable

    @Test
    void everyVersionOfAZoneIsReadableAlsoAfterItsDeletion() {
        String zone = id("Z-HIST");
        assertThat(http.post("/api/v1/zones", squareZone(zone, "custom", 120, 40, 1)).status()).isEqualTo(201);
        assertThat(http.put("/api/v1/zones/" + zone, squareZone(zone, "closed_area", 121, 40, 1)).status()).isEqualTo(200);
        assertThat(http.delete("/api/v1/zones/" + zone).status()).isEqualTo(204);
        assertProblem(http.get("/api/v1/zones/" + zone), 404);

        Http.Response list = http.get("/api/v1/zones/" + zone + "/versions");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("zone_id").asText()).isEqualTo(zone);
        JsonNode versions = list.json().get("versions");
        assertThat(versions).hasSize(3);
        assertThat(versions.findValuesAsText("change_type")).containsExactly("created", "updated", "deleted");
        for (int i = 0; i < 3; i++) {
            assertThat(versions.get(i).get("version").asInt()).isEqualTo(i + 1);
            assertThat(Instant.parse(versions.get(i).get("changed_at").asText())).isBefore(Instant.now().plusSeconds(1));
        }
        JsonNode first = versions.get(0).get("feature");
        assertThat(first.get("type").asText()).isEqualTo("Feature");
        assertThat(first.get("properties").get("zone_type").asText()).isEqualTo("custom");
        assertThat(first.get("properties").get("version").asInt()).isEqualTo(1);
        assertThat(first.get("geometry").get("coordinates").get(0).get(0).get(0).asDouble()).isEqualTo(120.0);
        JsonNode second = versions.get(1).get("feature");
        assertThat(second.get("properties").get("zone_type").asText()).isEqualTo("closed_area");
        assertThat(second.get("properties").get("version").asInt()).isEqualTo(2);
        assertThat(second.get("geometry").get("coordinates").get(0).get(0).get(0).asDouble()).isEqualTo(121.0);
        assertThat(versions.get(2).get("feature").isNull()).isTrue();

        Http.Response one = http.get("/api/v1/zones/" + zone + "/versions/1");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json()).isEqualTo(first);
        assertThat(http.get("/api/v1/zones/" + zone + "/versions/2").json()).isEqualTo(second);

        Http.Response deletion = http.get("/api/v1/zones/" + zone + "/versions/3");
        assertProblem(deletion, 404);
        assertThat(deletion.json().get("detail").asText()).contains("deletion");
        assertProblem(http.get("/api/v1/zones/" + zone + "/versions/4"), 404);
        assertProblem(http.get("/api/v1/zones/" + id("Z-NEVER") + "/versions"), 404);
        Http.Response bad = http.get("/api/v1/zones/" + zone + "/versions/first");
        assertProblem(bad, 400);
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("version");

        // re-created: the history goes on
        assertThat(http.post("/api/v1/zones", squareZone(zone, "custom", 122, 40, 1)).status()).isEqualTo(201);
        assertThat(http.get("/api/v1/zones/" + zone + "/versions").json().get("versions").findValuesAsText("change_type"))
                .containsExactly("created", "updated", "deleted", "created");
        assertThat(http.get("/api/v1/zones/" + zone).header("ETag")).isEqualTo("\"4\"");
    }

    @Test
    void everyVersionOfARuleIsReadable() {
        String rule = id("R-HIST");
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"depth_limit","severity":"warning","max_depth":3000,"auv_ids":["%s"]}"""
                .formatted(rule, id("AUV-NONE")));
        http.put("/api/v1/rules/" + rule, """
                {"type":"depth_limit","severity":"critical","max_depth":2500,"description":"tighter"}""");
        assertThat(http.delete("/api/v1/rules/" + rule).status()).isEqualTo(204);

        JsonNode list = http.get("/api/v1/rules/" + rule + "/versions").json();
        assertThat(list.get("rule_id").asText()).isEqualTo(rule);
        JsonNode versions = list.get("versions");
        assertThat(versions.findValuesAsText("change_type")).containsExactly("created", "updated", "deleted");
        JsonNode first = versions.get(0).get("rule");
        assertThat(first.get("rule_id").asText()).isEqualTo(rule);
        assertThat(first.get("severity").asText()).isEqualTo("warning");
        assertThat(first.get("max_depth").asDouble()).isEqualTo(3000.0);
        assertThat(first.get("version").asInt()).isEqualTo(1);
        JsonNode second = versions.get(1).get("rule");
        assertThat(second.get("severity").asText()).isEqualTo("critical");
        assertThat(second.get("description").asText()).isEqualTo("tighter");
        assertThat(second.get("version").asInt()).isEqualTo(2);
        assertThat(versions.get(2).get("rule").isNull()).isTrue();

        assertThat(http.get("/api/v1/rules/" + rule + "/versions/1").json()).isEqualTo(first);
        assertThat(http.get("/api/v1/rules/" + rule + "/versions/2").json()).isEqualTo(second);
        assertProblem(http.get("/api/v1/rules/" + rule + "/versions/3"), 404);
        assertProblem(http.get("/api/v1/rules/" + rule + "/versions/7"), 404);
        assertProblem(http.get("/api/v1/rules/" + id("R-NEVER") + "/versions"), 404);
    }

    @Test
    void everyVersionOfAVehicleRegistrationIsReadable() {
        String auv = id("AUV-HIST");
        Http.Response registered = http.post("/api/v1/auvs", """
                {"auv_id":"%s","name":"Surveyor","operator":"NORI","contract_ids":["C-1"],"max_depth":6000}""".formatted(auv));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().get("version").asInt()).isEqualTo(1);
        assertThat(registered.header("ETag")).isEqualTo("\"1\"");

        Http.Response put = http.put("/api/v1/auvs/" + auv, """
                {"name":"Surveyor 2","operator":"NORI","contract_ids":["C-1","C-2"]}""");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("version").asInt()).isEqualTo(2);
        assertThat(put.header("ETag")).isEqualTo("\"2\"");
        Http.Response reposted = http.post("/api/v1/auvs", """
                {"auv_id":"%s","name":"Surveyor 3"}""".formatted(auv));
        assertThat(reposted.json().get("version").asInt()).isEqualTo(3);
        assertThat(http.get("/api/v1/auvs/" + auv).header("ETag")).isEqualTo("\"3\"");

        JsonNode list = http.get("/api/v1/auvs/" + auv + "/versions").json();
        assertThat(list.get("auv_id").asText()).isEqualTo(auv);
        JsonNode versions = list.get("versions");
        assertThat(versions.findValuesAsText("change_type")).containsExactly("created", "updated", "updated");
        JsonNode first = versions.get(0).get("registration");
        assertThat(first.get("auv_id").asText()).isEqualTo(auv);
        assertThat(first.get("name").asText()).isEqualTo("Surveyor");
        assertThat(first.get("contract_ids")).hasSize(1);
        assertThat(first.get("max_depth").asDouble()).isEqualTo(6000.0);
        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(versions.get(1).get("registration").get("contract_ids")).hasSize(2);
        assertThat(versions.get(2).get("registration").get("operator").isNull()).isTrue();

        assertThat(http.get("/api/v1/auvs/" + auv + "/versions/1").json()).isEqualTo(first);
        assertThat(http.get("/api/v1/auvs/" + auv + "/versions/2").json().get("name").asText()).isEqualTo("Surveyor 2");
        assertProblem(http.get("/api/v1/auvs/" + auv + "/versions/4"), 404);
        assertProblem(http.get("/api/v1/auvs/" + id("AUV-NEVER") + "/versions"), 404);
        assertThat(http.get("/api/v1/auvs").json().findValuesAsText("auv_id")).contains(auv);
    }

    // ------------------------------------------------------------------ ETag and If-Match

    @Test
    void aStaleIfMatchIsRefusedWith412AndAMatchingOneChanges() {
        String zone = id("Z-ETAG");
        http.post("/api/v1/zones", squareZone(zone, "custom", 123, 40, 1));
        Http.Response got = http.get("/api/v1/zones/" + zone);
        assertThat(got.header("ETag")).isEqualTo("\"1\"");

        Http.Response stale = put("/api/v1/zones/" + zone, squareZone(zone, "apei", 123, 40, 1), "\"7\"");
        assertProblem(stale, 412);
        assertThat(stale.json().get("type").asText()).isEqualTo("urn:deepseaguard:problem:precondition-failed");
        assertThat(stale.json().get("detail").asText()).contains("version 1");
        assertThat(stale.json().get("errors").get(0).get("field").asText()).isEqualTo("If-Match");
        assertThat(stale.json().get("errors").get(0).get("message").asText()).isEqualTo("the current version is 1");
        assertThat(http.get("/api/v1/zones/" + zone).json().get("properties").get("zone_type").asText()).isEqualTo("custom");
        assertThat(http.get("/api/v1/zones/" + zone + "/versions").json().get("versions")).hasSize(1);

        Http.Response matching = put("/api/v1/zones/" + zone, squareZone(zone, "apei", 123, 40, 1), "\"1\"");
        assertThat(matching.status()).isEqualTo(200);
        assertThat(matching.header("ETag")).isEqualTo("\"2\"");
        assertThat(matching.json().get("properties").get("version").asInt()).isEqualTo(2);
        // the unquoted number and * are taken too
        assertThat(put("/api/v1/zones/" + zone, squareZone(zone, "custom", 123, 40, 1), "2").header("ETag"))
                .isEqualTo("\"3\"");
        assertThat(put("/api/v1/zones/" + zone, squareZone(zone, "custom", 123, 40, 1), "*").header("ETag"))
                .isEqualTo("\"4\"");
        assertProblem(put("/api/v1/zones/" + zone, squareZone(zone, "custom", 123, 40, 1), "W/\"4\""), 412);
        assertProblem(put("/api/v1/zones/" + zone, squareZone(zone, "custom", 123, 40, 1), "version four"), 400);
        // without If-Match: no precondition, as before
        assertThat(http.put("/api/v1/zones/" + zone, squareZone(zone, "custom", 123, 40, 1)).status()).isEqualTo(200);

        // POST replacing an existing id, DELETE
        assertProblem(post("/api/v1/zones", squareZone(zone, "apei", 123, 40, 1), "\"1\""), 412);
        Http.Response replaced = post("/api/v1/zones", squareZone(zone, "apei", 123, 40, 1), "\"5\"");
        assertThat(replaced.status()).isEqualTo(201);
        assertThat(replaced.header("ETag")).isEqualTo("\"6\"");
        assertProblem(post("/api/v1/zones", squareZone(id("Z-NEW"), "apei", 124, 40, 1), "*"), 412);
        Http.Response staleDelete = delete("/api/v1/zones/" + zone, "\"5\"");
        assertProblem(staleDelete, 412);
        assertThat(staleDelete.json().get("detail").asText()).contains("version 6");
        assertThat(http.get("/api/v1/zones/" + zone).status()).isEqualTo(200);
        assertThat(delete("/api/v1/zones/" + zone, "\"6\"").status()).isEqualTo(204);
    }

    @Test
    void rulesAndVehiclesHonourIfMatchToo() {
        String rule = id("R-ETAG");
        String body = """
                {"rule_id":"%s","type":"depth_limit","severity":"warning","max_depth":3000,"auv_ids":["%s"]}"""
                .formatted(rule, id("AUV-NONE"));
        Http.Response created = http.post("/api/v1/rules", body);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(http.get("/api/v1/rules/" + rule).header("ETag")).isEqualTo("\"1\"");
        Http.Response stale = put("/api/v1/rules/" + rule, body, "\"2\"");
        assertProblem(stale, 412);
        assertThat(stale.json().get("detail").asText()).contains("version 1");
        Http.Response ok = put("/api/v1/rules/" + rule, body, "\"1\"");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("ETag")).isEqualTo("\"2\"");
        assertThat(ok.json().get("version").asInt()).isEqualTo(2);
        assertProblem(post("/api/v1/rules", body, "\"1\""), 412);
        assertThat(post("/api/v1/rules", body, "\"2\"").header("ETag")).isEqualTo("\"3\"");
        // a precondition names one rule's version: not for several at once
        Http.Response several = post("/api/v1/rules", "[" + body + "," + body.replace(rule, rule + "-B") + "]", "\"3\"");
        assertProblem(several, 400);
        assertThat(several.json().get("errors").get(0).get("field").asText()).isEqualTo("If-Match");
        assertProblem(delete("/api/v1/rules/" + rule, "\"2\""), 412);
        assertThat(delete("/api/v1/rules/" + rule, "3").status()).isEqualTo(204);

        String auv = id("AUV-ETAG");
        http.post("/api/v1/auvs", "{\"auv_id\":\"%s\",\"name\":\"one\"}".formatted(auv));
        Http.Response staleVehicle = put("/api/v1/auvs/" + auv, "{\"name\":\"two\"}", "\"2\"");
        assertProblem(staleVehicle, 412);
        assertThat(staleVehicle.json().get("detail").asText()).contains("version 1");
        Http.Response vehicle = put("/api/v1/auvs/" + auv, "{\"name\":\"two\"}", "\"1\"");
        assertThat(vehicle.status()).isEqualTo(200);
        assertThat(vehicle.header("ETag")).isEqualTo("\"2\"");
        assertProblem(post("/api/v1/auvs", "{\"auv_id\":\"%s\",\"name\":\"three\"}".formatted(auv), "\"1\""), 412);
        // a precondition on a vehicle not registered never holds
        String unknown = id("AUV-UNREG");
        Http.Response notThere = put("/api/v1/auvs/" + unknown, "{\"name\":\"x\"}", "*");
        assertProblem(notThere, 412);
        assertThat(notThere.json().get("errors").get(0).get("message").asText()).isEqualTo("the resource does not exist");
        assertProblem(http.get("/api/v1/auvs/" + unknown + "/versions"), 404);
    }

    @Test
    void ofTwoConcurrentChangesWithTheSameIfMatchExactlyOneWins() throws Exception {
        String zone = id("Z-RACE");
        http.post("/api/v1/zones", squareZone(zone, "custom", 125, 40, 1));
        String rule = id("R-RACE");
        String ruleBody = """
                {"rule_id":"%s","type":"depth_limit","severity":"warning","max_depth":3000,"auv_ids":["%s"]}"""
                .formatted(rule, id("AUV-NONE"));
        http.post("/api/v1/rules", ruleBody);
        String auv = id("AUV-RACE");
        http.post("/api/v1/auvs", "{\"auv_id\":\"%s\"}".formatted(auv));

        assertOneWins(() -> put("/api/v1/zones/" + zone, squareZone(zone, "apei", 125, 40, 1), "\"1\""));
        assertOneWins(() -> put("/api/v1/rules/" + rule, ruleBody, "\"1\""));
        assertOneWins(() -> put("/api/v1/auvs/" + auv, "{\"name\":\"racer\"}", "\"1\""));
        assertThat(http.get("/api/v1/zones/" + zone + "/versions").json().get("versions")).hasSize(2);
        assertThat(http.get("/api/v1/rules/" + rule + "/versions").json().get("versions")).hasSize(2);
        assertThat(http.get("/api/v1/auvs/" + auv + "/versions").json().get("versions")).hasSize(2);
    }

    private static void assertOneWins(java.util.function.Supplier<Http.Response> change) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Http.Response>> calls = List.of(
                    CompletableFuture.supplyAsync(() -> awaitThen(start, change), pool),
                    CompletableFuture.supplyAsync(() -> awaitThen(start, change), pool));
            start.countDown();
            List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(Http.Response::status).toList();
            assertThat(statuses).containsExactlyInAnyOrder(200, 412);
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Http.Response awaitThen(CountDownLatch start, java.util.function.Supplier<Http.Response> change) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return change.get();
    }

    // ------------------------------------------------------------------ versions in violations

    @Test
    void anEpisodeKeepsTheVersionsThatOpenedItThroughItsClose() throws Exception {
        String zone = id("Z-KEEP");
        String rule = id("R-KEEP");
        String auv = id("AUV-KEEP");
        http.post("/api/v1/zones", squareZone(zone, "closed_area", 126, 40, 1));
        String ruleBody = """
                {"rule_id":"%s","type":"restricted_zone","severity":"critical","zone_ids":["%s"]}""".formatted(rule, zone);
        http.post("/api/v1/rules", ruleBody);
        Instant t0 = ago(300);
        http.post("/api/v1/telemetry", fix(auv, t0, 40.5, 126.5, 100));

        // new versions of the rule and the zone (the same footprint) while the episode is open
        assertThat(http.put("/api/v1/rules/" + rule, ruleBody.replace("}", ",\"description\":\"v2\"}")).status())
                .isEqualTo(200);
        JsonNode zone2 = json.readTree(squareZone(zone, "closed_area", 126, 40, 1));
        ((com.fasterxml.jackson.databind.node.ObjectNode) zone2.get("properties")).put("name", "renamed");
        assertThat(http.put("/api/v1/zones/" + zone, zone2.toString()).json().get("properties").get("version").asInt())
                .isEqualTo(2);
        http.post("/api/v1/telemetry", fix(auv, t0.plusSeconds(10), 40.6, 126.6, 100));
        JsonNode continued = http.get("/api/v1/violations?auv_id=" + auv).json().get("violations").get(0);
        assertThat(continued.get("status").asText()).isEqualTo("open");
        assertThat(continued.get("last_seen_at").asText()).isEqualTo(t0.plusSeconds(10).toString());
        assertThat(continued.get("zone_version").asInt()).isEqualTo(1);
        assertThat(continued.get("rule_version").asInt()).isEqualTo(1);

        http.post("/api/v1/telemetry", fix(auv, t0.plusSeconds(20), 39.5, 126.5, 100));

        // the database row
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT status, zone_version, rule_version, registration_version FROM violations WHERE auv_id = ?", auv);
        assertThat(row.get("status")).isEqualTo("closed");
        assertThat(((Number) row.get("zone_version")).intValue()).isEqualTo(1);
        assertThat(((Number) row.get("rule_version")).intValue()).isEqualTo(1);
        assertThat(row.get("registration_version")).isNull();
        // the API
        // not acknowledged: the API answers the episode exactly as the messages carry it
        JsonNode stored = http.get("/api/v1/violations?auv_id=" + auv).json().get("violations").get(0);
        assertThat(stored.get("status").asText()).isEqualTo("closed");
        assertThat(stored.get("zone_version").asInt()).isEqualTo(1);
        assertThat(stored.get("rule_version").asInt()).isEqualTo(1);
        // the messages: violation_closed on compliance_violations and the closing alert
        List<RecentOutputs.Item> published = awaitItems("compliance_violations", auv, 2);
        assertThat(published).extracting(RecentOutputs.Item::eventType).containsExactly("violation_opened", "violation_closed");
        JsonNode closed = json.readTree(published.get(1).body());
        assertThat(closed.get("zone_version").asInt()).isEqualTo(1);
        assertThat(closed.get("rule_version").asInt()).isEqualTo(1);
        assertThat(closed).isEqualTo(stored);
        JsonNode alert = json.readTree(awaitItems("critical_alerts", auv, 2).get(1).body());
        assertThat(alert.get("event_type").asText()).isEqualTo("violation_closed");
        assertThat(alert.get("violation")).isEqualTo(stored);
    }

    @Test
    void anUnauthorizedEntryRecordsTheRegistrationVersionAndKeepsItAfterReRegistration() throws Exception {
        String zone = id("Z-AUTH");
        String auv = id("AUV-AUTH");
        http.post("/api/v1/zones", """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[127,40],[128,40],[128,41],[127,41],[127,40]]]},
                 "properties":{"zone_id":"%s","zone_type":"contract_area","contract_id":"%s-C"}}""".formatted(zone, zone));
        String rule = id("R-AUTH");
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"unauthorized_entry","severity":"critical","zone_ids":["%s"],"auv_ids":["%s"]}"""
                .formatted(rule, zone, auv));
        http.post("/api/v1/auvs", "{\"auv_id\":\"%s\",\"contract_ids\":[\"OTHER\"]}".formatted(auv));
        Instant t0 = ago(300);
        http.post("/api/v1/telemetry", fix(auv, t0, 40.5, 127.5, 100));

        JsonNode opened = http.get("/api/v1/violations?auv_id=" + auv).json().get("violations").get(0);
        assertThat(opened.get("rule_type").asText()).isEqualTo("unauthorized_entry");
        assertThat(opened.get("registration_version").asInt()).isEqualTo(1);

        // re-registered (still without the contract): the open episode keeps version 1
        assertThat(http.put("/api/v1/auvs/" + auv, "{\"name\":\"renamed\",\"contract_ids\":[\"OTHER\"]}")
                .json().get("version").asInt()).isEqualTo(2);
        http.post("/api/v1/telemetry", fix(auv, t0.plusSeconds(10), 40.6, 127.6, 100));
        JsonNode continued = http.get("/api/v1/violations?auv_id=" + auv).json().get("violations").get(0);
        assertThat(continued.get("status").asText()).isEqualTo("open");
        assertThat(continued.get("registration_version").asInt()).isEqualTo(1);

        // registered under the zone's contract (version 3): the episode closes, still judged by version 1
        http.put("/api/v1/auvs/" + auv, "{\"contract_ids\":[\"%s-C\"]}".formatted(zone));
        http.post("/api/v1/telemetry", fix(auv, t0.plusSeconds(20), 40.7, 127.7, 100));
        JsonNode closed = http.get("/api/v1/violations?auv_id=" + auv).json();
        assertThat(closed.get("total").asInt()).isEqualTo(1);
        JsonNode episode = closed.get("violations").get(0);
        assertThat(episode.get("status").asText()).isEqualTo("closed");
        assertThat(episode.get("registration_version").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT registration_version FROM violations WHERE auv_id = ?", Integer.class, auv))
                .isEqualTo(1);
        List<RecentOutputs.Item> published = awaitItems("compliance_violations", auv, 2);
        assertThat(json.readTree(published.get(1).body()).get("registration_version").asInt()).isEqualTo(1);

        // the version named is readable: it held no contract for the zone
        JsonNode judgedBy = http.get("/api/v1/auvs/" + auv + "/versions/1").json();
        assertThat(judgedBy.get("contract_ids").get(0).asText()).isEqualTo("OTHER");

        // an unregistered vehicle holds no registration: the member is left out
        String stranger = id("AUV-STRANGER");
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"unauthorized_entry","severity":"critical","zone_ids":["%s"],"auv_ids":["%s"]}"""
                .formatted(id("R-AUTH2"), zone, stranger));
        http.post("/api/v1/telemetry", fix(stranger, ago(100), 40.5, 127.5, 100));
        JsonNode strangers = http.get("/api/v1/violations?auv_id=" + stranger).json().get("violations").get(0);
        assertThat(strangers.get("rule_type").asText()).isEqualTo("unauthorized_entry");
        assertThat(strangers.has("registration_version")).isFalse();
    }

    // ------------------------------------------------------------------ helpers

    private Http.Response put(String path, String body, String ifMatch) {
        return http.send(http.request(path).header("Content-Type", "application/json").header("If-Match", ifMatch)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Http.Response post(String path, String body, String ifMatch) {
        return http.send(http.request(path).header("Content-Type", "application/json").header("If-Match", ifMatch)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Http.Response delete(String path, String ifMatch) {
        return http.send(http.request(path).header("If-Match", ifMatch).DELETE());
    }

    private List<RecentOutputs.Item> awaitItems(String queue, String auv, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> of(queue, auv).size() >= count);
        List<RecentOutputs.Item> items = of(queue, auv);
        assertThat(items).hasSize(count);
        return items;
    }

    private List<RecentOutputs.Item> of(String queue, String auv) {
        return outputs.recent(queue).stream().filter(i -> auv.equals(i.auvId())).toList();
    }
}
