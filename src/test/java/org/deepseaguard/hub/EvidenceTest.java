package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/evidence}: the zip holds the vehicle's episodes, events, track and the zone
 * and rule versions that judged them, and passes the offline check of docs/evidence.md (the script
 * is read from that file and run with bash, unzip, sha256sum and jq); one changed byte fails it.
 */
class EvidenceTest extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void thePackageHoldsWhatJudgedTheVehicleAndPassesTheOfflineCheck() throws Exception {
        String auv = id("AUV-EV");
        String zone = id("Z-EV");
        String rule = id("R-EV");
        String contractZone = id("Z-EV-CA");
        String unauthorized = id("R-EV-U");
        http.post("/api/v1/zones", squareZone(zone, "closed_area", 60, 30, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"critical","zone_ids":["%s"]}""".formatted(rule, zone));
        // a contract area of another contractor on the same square: the vehicle's registration judges it
        http.post("/api/v1/zones", """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[60,30],[61,30],[61,31],[60,31],[60,30]]]},
                 "properties":{"zone_id":"%s","name":"contract area","zone_type":"contract_area","contract_id":"C-EV-OTHER"}}"""
                .formatted(contractZone));
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"unauthorized_entry","severity":"warning","zone_ids":["%s"]}""".formatted(unauthorized, contractZone));
        assertThat(http.post("/api/v1/auvs", """
                {"auv_id":"%s","name":"evidence test","operator":"EV","contract_ids":["C-EV-OWN"]}""".formatted(auv)).status())
                .isEqualTo(201);
        Instant t0 = ago(600);
        http.post("/api/v1/telemetry", "[" + String.join(",",
                fix(auv, t0, 29.5, 60.5, 3000),
                fix(auv, t0.plusSeconds(60), 30.5, 60.5, 3000),
                fix(auv, t0.plusSeconds(120), 30.6, 60.6, 3000),
                fix(auv, t0.plusSeconds(180), 29.5, 60.5, 3000)) + "]");
        // the rule changes after the episode: the package keeps the version that judged it
        assertThat(http.put("/api/v1/rules/" + rule, """
                {"rule_id":"%s","type":"restricted_zone","severity":"warning","zone_ids":["%s"]}""".formatted(rule, zone))
                .status()).isEqualTo(200);

        Instant from = t0.minusSeconds(10);
        Instant to = t0.plusSeconds(300);
        HttpResponse<byte[]> answer = download("/api/v1/evidence?auv_id=" + auv + "&from=" + from + "&to=" + to);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
        Map<String, byte[]> files = EvidenceScript.unzip(answer.body());

        assertThat(files.keySet()).contains("violations.json", "events.json", "track.geojson", "manifest.json",
                "SHA256SUMS", "audit.json", "zones/" + zone + ".v1.geojson", "rules/" + rule + ".v1.json",
                "zones/" + contractZone + ".v1.geojson", "rules/" + unauthorized + ".v1.json",
                "registrations/" + auv + ".v1.json");
        assertThat(files.keySet()).noneMatch(name -> name.equals("rules/" + rule + ".v2.json"));
        assertThat(answer.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment; filename=\"evidence-" + auv + "-");
        JsonNode all = json(files, "violations.json");
        assertThat(all).hasSize(2);
        JsonNode byRegistration = all.get(0).get("rule_id").asText().equals(unauthorized) ? all.get(0) : all.get(1);
        assertThat(byRegistration.get("registration_version").asInt()).isEqualTo(1);
        assertThat(json(files, "registrations/" + auv + ".v1.json").get("contract_ids").toString()).isEqualTo("[\"C-EV-OWN\"]");
        JsonNode violations = JSON.createArrayNode().add(all.get(0).get("rule_id").asText().equals(rule) ? all.get(0) : all.get(1));
        assertThat(violations.get(0).get("rule_id").asText()).isEqualTo(rule);
        assertThat(violations.get(0).get("zone_id").asText()).isEqualTo(zone);
        assertThat(violations.get(0).get("rule_version").asInt()).isEqualTo(1);
        assertThat(violations.get(0).get("started_at").asText()).isEqualTo(t0.plusSeconds(60).toString());
        assertThat(violations.get(0).get("ended_at").asText()).isEqualTo(t0.plusSeconds(180).toString());
        com.fasterxml.jackson.databind.node.ArrayNode events = JSON.createArrayNode();
        json(files, "events.json").forEach(e -> {
            if (e.get("zone_id").asText().equals(zone)) {
                events.add(e);
            }
        });
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("type").asText()).isEqualTo("zone_entry");
        assertThat(events.get(1).get("type").asText()).isEqualTo("zone_exit");
        assertThat(json(files, "track.geojson").at("/properties/fixes").asInt()).isEqualTo(4);
        assertThat(json(files, "rules/" + rule + ".v1.json").get("severity").asText()).isEqualTo("critical");
        JsonNode manifest = json(files, "manifest.json");
        assertThat(manifest.get("auv_id").asText()).isEqualTo(auv);
        assertThat(manifest.get("from").asText()).isEqualTo(from.toString());
        assertThat(manifest.get("to").asText()).isEqualTo(to.toString());
        assertThat(manifest.at("/counts/violations").asInt()).isEqualTo(2);
        assertThat(manifest.at("/counts/events").asInt()).isEqualTo(4);
        // the audit entries of the period: the vehicle's registration, its episodes opened and closed, the
        // zones' and rules' changes; not the rule change after the period
        JsonNode audit = json(files, "audit.json");
        assertThat(audit.findValuesAsText("kind")).contains("vehicle_registered", "violation_opened", "violation_closed",
                "zone_created", "rule_created");
        String openedId = violations.get(0).get("violation_id").asText();
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("violation_opened");
            assertThat(JSON.readTree(e.get("payload_text").asText()).get("violation_id").asText()).isEqualTo(openedId);
        });
        // the export is audited with the hash of the package's SHA256SUMS
        JsonNode exports = http.get("/api/v1/audit?kind=evidence_exported").json().get("entries");
        JsonNode export = exports.get(exports.size() - 1).get("payload");
        assertThat(export.get("auv_id").asText()).isEqualTo(auv);
        assertThat(export.get("sha256sums_sha256").asText()).isEqualTo(sha256(files.get("SHA256SUMS")));

        EvidenceScript.Result good = EvidenceScript.run(dir, answer.body());
        assertThat(good.verified()).as(good.output()).isTrue();

        // one byte of violations.json changed (and the zip rebuilt): the check fails
        byte[] changed = files.get("violations.json").clone();
        int digit = new String(changed, StandardCharsets.UTF_8).indexOf("\"rule_version\" : 1") + "\"rule_version\" : ".length();
        changed[digit] = '2';
        files.put("violations.json", changed);
        EvidenceScript.Result bad = EvidenceScript.run(dir, zip(files));
        assertThat(bad.exitCode()).as(bad.output()).isNotZero();
        assertThat(bad.output()).doesNotContain("evidence package verified").contains("violations.json");
    }

    @Test
    void badRequestsAreNamed() {
        assertProblem(http.get("/api/v1/evidence?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z"), 400);
        assertThat(http.get("/api/v1/evidence?auv_id=X").json().get("errors").toString()).contains("from", "to");
        assertProblem(http.get("/api/v1/evidence?auv_id=NO-SUCH-AUV&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z"), 404);
        assertProblem(http.get("/api/v1/evidence?auv_id=X&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), 400);
    }

    private HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(http.request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static JsonNode json(Map<String, byte[]> files, String name) throws IOException {
        return JSON.readTree(files.get(name));
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
