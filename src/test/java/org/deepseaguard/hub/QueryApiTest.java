package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.deepseaguard.hub.TelemetryApiTest.assertProblem;
import static org.deepseaguard.hub.TelemetryApiTest.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.deepseaguard.hub.routes.RecentOutputs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** GET /violations and GET /events: filters, newest first, pagination, bad parameters. */
class QueryApiTest extends HubTestSupport {

    @Autowired
    RecentOutputs outputs;

    private String zone;
    private String rule;
    private String auvA;
    private String auvB;
    private Instant t0;
    private static int setups;

    /** Two vehicles each cross a restricted zone (a new one, elsewhere, for each test) twice: 4 episodes, 8 events. */
    @BeforeEach
    void history() {
        zone = id("Z-Q");
        rule = id("R-Q");
        auvA = id("AUV-QA");
        auvB = id("AUV-QB");
        double lon = -30 - 2 * setups++;
        http.post("/api/v1/zones", squareZone(zone, "marine_protected_area", lon, -30, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"warning","zone_ids":["%s"]}""".formatted(rule, zone));
        t0 = ago(3600);
        for (String auv : List.of(auvA, auvB)) {
            List<String> fixes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean inside = i % 2 == 0;
                fixes.add(fix(auv, t0.plusSeconds(i * 60L + (auv.equals(auvB) ? 10 : 0)),
                        inside ? -29.5 : -31, lon + 0.5, 100));
            }
            fixes.add(fix(auv, t0.plusSeconds(300), -31, lon + 0.5, 100));
            assertThat(http.post("/api/v1/telemetry", "[" + String.join(",", fixes) + "]").json().get("accepted").asInt())
                    .isEqualTo(5);
        }
    }

    @Test
    void violationsAreFilteredNewestFirstAndPaginated() {
        JsonNode all = http.get("/api/v1/violations?zone_id=" + zone).json();
        assertThat(all.get("total").asInt()).isEqualTo(4);
        List<String> started = all.get("violations").findValuesAsText("started_at");
        assertThat(started).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(started.get(0)).isEqualTo(t0.plusSeconds(130).toString());

        JsonNode page1 = http.get("/api/v1/violations?zone_id=" + zone + "&limit=3").json();
        JsonNode page2 = http.get("/api/v1/violations?zone_id=" + zone + "&limit=3&offset=3").json();
        assertThat(page1.get("violations")).hasSize(3);
        assertThat(page2.get("violations")).hasSize(1);
        assertThat(page1.get("total").asInt()).isEqualTo(4);
        assertThat(page2.get("total").asInt()).isEqualTo(4);
        assertThat(page2.get("violations").get(0).get("started_at").asText()).isEqualTo(t0.toString());

        JsonNode ofA = http.get("/api/v1/violations?auv_id=" + auvA + "&rule_id=" + rule + "&severity=warning&status=closed")
                .json();
        assertThat(ofA.get("total").asInt()).isEqualTo(2);
        assertThat(ofA.get("violations").findValuesAsText("auv_id")).containsOnly(auvA);

        JsonNode window = http.get("/api/v1/violations?zone_id=" + zone + "&since=" + t0.plusSeconds(60)
                + "&until=" + t0.plusSeconds(125)).json();
        assertThat(window.get("violations").findValuesAsText("started_at"))
                .containsExactly(t0.plusSeconds(120).toString());

        String offsetForm = t0.plusSeconds(60).atOffset(java.time.ZoneOffset.ofHours(2)).toString();
        assertThat(http.get("/api/v1/violations?zone_id=" + zone + "&since=" + offsetForm.replace("+", "%2B"))
                .json().get("total").asInt()).isEqualTo(2);
        assertThat(http.get("/api/v1/violations?zone_id=" + zone + "&since=" + offsetForm)
                .json().get("total").asInt()).isEqualTo(2);
        assertThat(http.get("/api/v1/violations?zone_id=" + zone + "&status=open").json().get("total").asInt()).isZero();
        assertThat(http.get("/api/v1/violations?zone_id=" + zone + "&severity=critical").json().get("total").asInt())
                .isZero();
    }

    @Test
    void eventsAreFilteredNewestFirstAndPaginated() {
        JsonNode all = http.get("/api/v1/events?zone_id=" + zone).json();
        assertThat(all.get("total").asInt()).isEqualTo(8);
        assertThat(all.get("events").findValuesAsText("timestamp")).isSortedAccordingTo((a, b) -> b.compareTo(a));
        JsonNode first = all.get("events").get(7);
        assertThat(first.get("type").asText()).isEqualTo("zone_entry");
        assertThat(first.get("auv_id").asText()).isEqualTo(auvA);
        assertThat(first.get("zone_id").asText()).isEqualTo(zone);
        assertThat(first.get("timestamp").asText()).isEqualTo(t0.toString());
        assertThat(first.get("latitude").asDouble()).isEqualTo(-29.5);
        assertThat(first.get("depth").asDouble()).isEqualTo(100.0);
        assertThat(first.has("event_id")).isTrue();

        JsonNode exitsOfB = http.get("/api/v1/events?auv_id=" + auvB + "&type=zone_exit&limit=1").json();
        assertThat(exitsOfB.get("total").asInt()).isEqualTo(2);
        assertThat(exitsOfB.get("events")).hasSize(1);
        assertThat(exitsOfB.get("events").get(0).get("timestamp").asText()).isEqualTo(t0.plusSeconds(190).toString());

        assertThat(http.get("/api/v1/events?zone_id=" + zone + "&since=" + t0.plusSeconds(100)).json().get("total").asInt())
                .isEqualTo(4);
    }

    @Test
    void limitIs100ByDefaultAndAtMost1000() {
        String bigZone = id("Z-MANY");
        String auv = id("AUV-MANY");
        http.post("/api/v1/zones", squareZone(bigZone, "custom", -100, -40, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"info","zone_ids":["%s"]}""".formatted(id("R-MANY"), bigZone));
        Instant start = ago(7200);
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 2 * 1001; i++) {
            ndjson.append(fix(auv, start.plusSeconds(i), i % 2 == 0 ? -39.5 : -40.5, -99.5, 100)).append('\n');
        }
        assertThat(http.post("/api/v1/telemetry", ndjson.toString(), "application/x-ndjson").json().get("accepted").asInt())
                .isEqualTo(2002);

        JsonNode byDefault = http.get("/api/v1/violations?zone_id=" + bigZone).json();
        assertThat(byDefault.get("total").asInt()).isEqualTo(1001);
        assertThat(byDefault.get("violations")).hasSize(100);
        JsonNode atMost = http.get("/api/v1/violations?zone_id=" + bigZone + "&limit=5000").json();
        assertThat(atMost.get("total").asInt()).isEqualTo(1001);
        assertThat(atMost.get("violations")).hasSize(1000);
        assertThat(atMost.get("violations").get(0).get("started_at").asText()).isEqualTo(start.plusSeconds(2000).toString());
        assertThat(http.get("/api/v1/violations?zone_id=" + bigZone + "&limit=1000&offset=1000").json().get("violations"))
                .hasSize(1);
        JsonNode events = http.get("/api/v1/events?zone_id=" + bigZone + "&limit=99999999999").json();
        assertThat(events.get("total").asInt()).isEqualTo(2002);
        assertThat(events.get("events")).hasSize(1000);

        // the output queues have drained this burst before the next test looks at them
        String last = start.plusSeconds(2001).toString();
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of("geofencing_events", "compliance_violations").stream()
                .map(outputs::recent)
                .allMatch(items -> !items.isEmpty() && items.get(items.size() - 1).body().contains(last)));
    }

    @Test
    void badParametersAreNamed() {
        for (String query : List.of("limit=0", "limit=-5", "limit=ten", "offset=-1", "since=yesterday",
                "until=2026-13-01T00:00:00Z", "severity=loud", "status=pending")) {
            Http.Response r = http.get("/api/v1/violations?" + query);
            assertProblem(r, 400);
            assertThat(fields(r.json().get("errors"))).containsExactly(query.substring(0, query.indexOf('=')));
        }
        Http.Response badType = http.get("/api/v1/events?type=zone_visit&limit=0");
        assertProblem(badType, 400);
        assertThat(fields(badType.json().get("errors"))).containsExactlyInAnyOrder("type", "limit");

        Http.Response range = http.get("/api/v1/events?since=" + t0 + "&until=" + t0);
        assertProblem(range, 400);
        assertThat(fields(range.json().get("errors"))).containsExactly("until");
    }

    @Test
    void defaultLimitIsHundred() {
        JsonNode r = http.get("/api/v1/violations").json();
        assertThat(r.get("violations").size()).isLessThanOrEqualTo(100);
        assertThat(r.get("total").asInt()).isGreaterThanOrEqualTo(r.get("violations").size());
    }
}
