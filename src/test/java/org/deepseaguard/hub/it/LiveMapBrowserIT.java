package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deepseaguard.hub.Http;
import org.deepseaguard.hub.HubTestSupport;
import org.deepseaguard.hub.api.ApiKeyFilter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The live map in a real browser: the hub in the default profile (random port, API keys on), a zone
 * and fixes of two vehicles posted over HTTP, then {@code src/test/browser/map-track.mjs} drives
 * Debian's Chromium with playwright-core: it clicks the vehicle and checks that the Leaflet polyline
 * drawn on the map holds the posted fixes in order (read from the page), that the track was asked
 * from the hub's {@code GET /auvs/{id}/track} over the configured window with the saved key, that
 * today's report is asked from the hub's {@code GET /reports/compliance} with {@code auv_id} and
 * today's {@code from} and summed up as the hub answered it, that the CSV the hub answered is the
 * file saved, that a second vehicle's track (a MultiLineString across the antimeridian) replaces the
 * first as one continuous line, that an operator acknowledges the vehicle's open violation from its
 * popup (note, button, who is shown; the hub holds it), that the track can be cleared and that a
 * refused key is shown. It also checks the land layer (Natural Earth, served by the hub), that the page
 * reads the live feed ({@code GET /api/v1/stream} with the saved key) and gets a violation posted
 * while it is open over it, each vehicle's trail and heading arrow, that overlapping labels are
 * hidden, the violation panel (versions, position, relative and UTC times), and that a page whose
 * live feed fails polls instead.
 * Nothing is stubbed.
 *
 * <p>Needs node (20+), /usr/bin/chromium and {@code src/test/browser/node_modules}: run
 * {@code .ci/browser-setup.sh}. The test fails, naming what is missing, when one is not there.
 */
@TestPropertySource(properties = "deepseaguard.map.track-window=PT90M")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // its hub stops before the next IT starts its own
class LiveMapBrowserIT extends HubTestSupport {

    private static final String ADMIN_KEY = "browser-it-admin";
    private static final String OPERATOR_KEY = "browser-it-operator";
    private static final String OPERATOR_NAME = "map-operator";
    private static final String ACK_NOTE = "seen on the live map";
    private static final long TRACK_WINDOW_SECONDS = 5400;
    private static final Path OUTPUT_DIR = BrowserScript.OUTPUT_DIR;
    private static final Duration BROWSER_TIMEOUT = Duration.ofMinutes(3);

    @DynamicPropertySource
    static void apiKeys(DynamicPropertyRegistry registry) {
        registry.add("deepseaguard.security.api-keys[0]", () -> ApiKeyFilter.sha256(ADMIN_KEY) + ":admin");
        registry.add("deepseaguard.security.api-keys[1]", () -> ApiKeyFilter.sha256(OPERATOR_KEY) + ":operator:" + OPERATOR_NAME);
    }

    /** Fails (never skips) before the hub starts when node, Chromium or playwright-core is missing. */
    @BeforeAll
    static void browserToolsAreInstalled() throws InterruptedException {
        BrowserScript.requireTools();
    }

    @Test
    void clickingAVehicleDrawsItsTrackAndOffersTodaysReport() throws Exception {
        Http admin = http.withHeaders(Map.of(ApiKeyFilter.HEADER, ADMIN_KEY));
        String zoneId = id("MAP-ZONE");
        String auvId = id("MAP-AUV");
        String otherId = id("MAP-AUV-AM");
        String liveId = id("LIVE-AUV");
        assertThat(admin.post("/api/v1/zones", squareZone(zoneId, "apei", -117.5, 10.0, 0.5)).status()).isEqualTo(201);
        // the vehicle's fixes in the zone open a violation, which the operator acknowledges on the map
        assertThat(admin.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"critical","zone_ids":["%s"],"auv_ids":["%s","%s"]}"""
                .formatted(id("MAP-RULE"), zoneId, auvId, liveId)).status()).isEqualTo(201);

        // four fixes inside the zone over the last ten minutes; four crossing the antimeridian eastwards
        List<Map<String, Object>> fixes = new ArrayList<>();
        List<Map<String, Object>> others = new ArrayList<>();
        double[][] path = {{10.10, -117.40}, {10.15, -117.33}, {10.20, -117.26}, {10.25, -117.19}};
        double[][] across = {{-17.00, 179.80}, {-16.98, 179.90}, {-16.96, -179.95}, {-16.94, -179.85}};
        for (int i = 0; i < 4; i++) {
            fixes.add(fixOf(auvId, ago(600 - 120L * i), path[i][0], path[i][1], 4000 + 10 * i));
            others.add(fixOf(otherId, ago(540 - 120L * i), across[i][0], across[i][1], 3000));
        }
        List<Map<String, Object>> all = new ArrayList<>(fixes);
        all.addAll(others);
        Http.Response posted = admin.post("/api/v1/telemetry", json().writeValueAsString(all));
        assertThat(posted.status()).as(posted.text()).isEqualTo(202);
        assertThat(posted.json().get("accepted").asInt()).as(posted.text()).isEqualTo(8);

        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("api_key", OPERATOR_KEY);
        scenario.put("track_window_seconds", TRACK_WINDOW_SECONDS);
        scenario.put("fixes", fixes);
        scenario.put("zone_id", zoneId);
        scenario.put("other", Map.of("auv_id", otherId, "fixes", others));
        scenario.put("acknowledge", Map.of("by", OPERATOR_NAME, "note", ACK_NOTE));
        // posted by the page's test while the map is open, next to the first vehicle: over the live feed
        scenario.put("live", Map.of("auv_id", liveId, "admin_key", ADMIN_KEY,
                "fix", Map.of("latitude", 10.27, "longitude", -117.17, "depth", 4050.0)));
        Files.createDirectories(OUTPUT_DIR);
        scenario.put("screenshots", OUTPUT_DIR.toAbsolutePath().toString());
        Path scenarioFile = OUTPUT_DIR.resolve("scenario.json").toAbsolutePath();
        Files.writeString(scenarioFile, json().writerWithDefaultPrettyPrinter().writeValueAsString(scenario));

        BrowserScript.Run run = BrowserScript.run("map-track.mjs", BROWSER_TIMEOUT, "http://127.0.0.1:" + port + "/", auvId,
                scenarioFile.toString());

        assertThat(run.exitCode()).as("map-track.mjs failed (exit code %s):%n%s", run.exitCode(), run.output()).isZero();
        assertThat(run.output()).contains(
                "the drawn track of " + auvId + " has the 4 posted fixes, in order",
                "the track was asked for the configured window",
                "report asked with auv_id=" + auvId + "&from=" + Instant.now().toString().substring(0, 10) + "T00:00:00Z",
                "CSV saved as compliance-" + auvId + "-",
                "clicking " + otherId + " replaced the track; the hub's MultiLineString",
                "acknowledged from the popup: \"acknowledged by " + OPERATOR_NAME,
                "the land layer is drawn (Natural Earth",
                "the live feed is open (GET /api/v1/stream, data-live=\"sse\", with the saved key)",
                "the trail of " + auvId + " holds",
                "a violation of " + liveId + " arrived over the live feed",
                "labels that would overlap are hidden",
                "without the live feed the page polls (data-live=\"polling\"",
                "PASSED");
        // the hub holds the acknowledgement the page made
        JsonNode violation = admin.get("/api/v1/violations?auv_id=" + auvId).json().get("violations").get(0);
        assertThat(violation.at("/acknowledgement/acknowledged_by").asText()).isEqualTo(OPERATOR_NAME);
        assertThat(violation.at("/acknowledgement/note").asText()).isEqualTo(ACK_NOTE);
        // the violation the page got over the live feed is the hub's
        JsonNode live = admin.get("/api/v1/violations?auv_id=" + liveId).json();
        assertThat(live.get("total").asInt()).isEqualTo(1);
        assertThat(live.at("/violations/0/status").asText()).isEqualTo("open");
    }

    private static Map<String, Object> fixOf(String auvId, Instant t, double lat, double lon, double depth) {
        Map<String, Object> fix = new LinkedHashMap<>();
        fix.put("auv_id", auvId);
        fix.put("timestamp", t.toString());
        fix.put("latitude", lat);
        fix.put("longitude", lon);
        fix.put("depth", depth);
        return fix;
    }

    private static ObjectMapper json() {
        return new ObjectMapper();
    }
}
