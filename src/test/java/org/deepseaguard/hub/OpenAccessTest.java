package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Access in the default profile, without keys (issue 9, docs/reliability.md "Access"): Jolokia is off,
 * changes under {@code /api} take JSON only (415 otherwise, so a page of another site cannot send
 * one as a "simple" request), no CORS header is ever sent, and a fix more than 30 s ahead is refused.
 */
class OpenAccessTest extends HubTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    int fixesOf(String auvId) {
        return jdbc.queryForObject("SELECT count(*) FROM fix_log WHERE auv_id = ?", Integer.class, auvId);
    }

    @Test
    void jolokiaIsOffUnlessEnabled() {
        assertThat(http.get("/actuator/jolokia").status()).isEqualTo(404);
        assertThat(http.get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void changesTakeJsonOnly() {
        String auv = id("AUV-CT");
        Instant t = ago(20);
        List<String> simple = List.of("text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "text/plain; charset=UTF-8");
        for (String type : simple) {
            for (String path : List.of("/api/v1/telemetry", "/api/v1/rules", "/api/v1/zones", "/api/v1/auvs",
                    "/api/v1/dead-letters/replay", "/api/v1/zones/import")) {
                Http.Response r = http.post(path, fix(auv, t, 1, 1, 1), type);
                assertProblem(r, 415);
                assertThat(r.json().get("type").asText()).isEqualTo("urn:deepseaguard:problem:unsupported-media-type");
                assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("Content-Type");
            }
            assertProblem(http.send(http.request("/api/v1/auvs/" + auv).header("Content-Type", type)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"))), 415);
            assertProblem(http.send(http.request("/api/v1/rules/R-CT").header("Content-Type", type)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{}"))), 415);
        }
        // no Content-Type at all, with and without a body
        Http.Response none = http.send(http.request("/api/v1/rules").POST(HttpRequest.BodyPublishers.ofString(
                "{\"rule_id\":\"R-CT\",\"type\":\"depth_limit\",\"severity\":\"warning\",\"max_depth\":10}")));
        assertProblem(none, 415);
        assertThat(none.json().get("detail").asText()).contains("Content-Type header is missing");
        assertProblem(http.send(http.request("/api/v1/dead-letters/replay").POST(HttpRequest.BodyPublishers.noBody())), 415);
        assertThat(http.get("/api/v1/rules/R-CT").status()).isEqualTo(404);
        // NDJSON is for telemetry only
        assertProblem(http.post("/api/v1/rules", "{}", "application/x-ndjson"), 415);
        assertThat(fixesOf(auv)).isZero();

        // JSON (with parameters, any case) and NDJSON pass; DELETE needs no Content-Type
        assertThat(http.post("/api/v1/telemetry", fix(auv, t, 1, 1, 1), "Application/JSON; charset=utf-8").status())
                .isEqualTo(202);
        Instant last = ago(10);
        assertThat(http.post("/api/v1/telemetry", fix(auv, last, 1, 1, 1) + "\n", "application/x-ndjson").status())
                .isEqualTo(202);
        assertThat(http.get("/api/v1/auvs/" + auv).json().get("last_update").asText()).isEqualTo(last.toString());
        assertThat(fixesOf(auv)).isEqualTo(2);
        assertThat(http.post("/api/v1/zones", squareZone("Z-CT", "custom", 5, 5, 1)).status()).isEqualTo(201);
        assertThat(http.send(http.request("/api/v1/zones/Z-CT").DELETE()).status()).isEqualTo(204);
    }

    @Test
    void noCorsHeaderWithoutConfiguredOrigins() {
        Http fromElsewhere = http.withHeaders(Map.of("Origin", "https://ops.example.org"));
        Http.Response read = fromElsewhere.get("/api/v1/status");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Access-Control-Allow-Origin")).isNull();
        Http.Response preflight = fromElsewhere.send(fromElsewhere.request("/api/v1/rules")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
    }

    @Test
    void aFixMoreThanThirtySecondsAheadIsRefused() {
        String auv = id("AUV-FUT");
        Http.Response ahead = http.post("/api/v1/telemetry", fix(auv, Instant.now().plusSeconds(60), 1, 1, 1));
        assertProblem(ahead, 400);
        assertThat(ahead.json().get("errors").get(0).get("message").asText()).isEqualTo("is more than PT30S in the future");
        assertThat(http.post("/api/v1/telemetry", fix(auv, Instant.now().plusSeconds(10), 1, 1, 1)).status())
                .isEqualTo(202);
    }
}
