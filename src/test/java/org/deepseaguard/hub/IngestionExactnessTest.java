package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 7's exactness: a resent track is recognised by the durable fix log at any age, a request
 * above the fix limit is refused whole with 413, a large batch's answer stays small, and an
 * integrator's YAML route that does a plain {@code to: direct:telemetry-ingest} gets its own
 * dead-letter channel.
 */
class IngestionExactnessTest extends HubTestSupport {

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aWholeTrackResentAfter500OtherFixesGivesNoNewEventOrViolationAndCountsAsDuplicates() {
        String closed = id("Z-RESEND");
        String contract = id("Z-RESEND-CA");
        String auv = id("AUV-RESEND");
        http.post("/api/v1/zones", squareZone(closed, "closed_area", 80, 10, 0.2));
        http.post("/api/v1/zones", squareZone(contract, "contract_area", 80.2, 10, 0.2).replace(
                "\"zone_type\"", "\"contract_id\":\"C-RESEND\",\"zone_type\""));
        http.post("/api/v1/rules", """
                [{"rule_id":"%1$s-R","type":"restricted_zone","severity":"critical","zone_ids":["%1$s"]},
                 {"rule_id":"%2$s-R","type":"unauthorized_entry","severity":"critical","zone_ids":["%2$s"]}]"""
                .formatted(closed, contract));

        // the track: 50 fixes, 60 s apart, west to east through the closed area and the contract area
        Instant t0 = ago(86_400);
        List<String> track = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            track.add(fix(auv, t0.plusSeconds(60L * i), 10.1, 79.9 + i * 0.012, 4000));
        }
        String trackBody = "[" + String.join(",", track) + "]";
        JsonNode first = http.post("/api/v1/telemetry", trackBody).json();
        assertThat(first.get("accepted").asInt()).isEqualTo(50);
        assertThat(first.get("duplicates").asInt()).isZero();
        // then 500 other fixes of the same vehicle, far away
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            later.add(fix(auv, t0.plusSeconds(3600 + 10L * i), 12, 82 + i * 0.0001, 4000));
        }
        http.post("/api/v1/telemetry", "[" + String.join(",", later) + "]");
        JsonNode violationsBefore = http.get("/api/v1/violations?auv_id=" + auv).json();
        JsonNode eventsBefore = http.get("/api/v1/events?auv_id=" + auv).json();
        assertThat(violationsBefore.get("total").asInt()).as("the track crossed both zones").isEqualTo(2);
        assertThat(eventsBefore.get("total").asInt()).isEqualTo(4);
        long duplicatesBefore = http.get("/api/v1/status").json().get("fixes").get("duplicate").asLong();

        JsonNode resent = http.post("/api/v1/telemetry", trackBody).json();

        assertThat(resent.get("accepted").asInt()).isEqualTo(50);
        assertThat(resent.get("duplicates").asInt()).isEqualTo(50);
        assertThat(http.get("/api/v1/violations?auv_id=" + auv).json()).isEqualTo(violationsBefore);
        assertThat(http.get("/api/v1/events?auv_id=" + auv).json()).isEqualTo(eventsBefore);
        assertThat(http.get("/api/v1/status").json().get("fixes").get("duplicate").asLong())
                .isEqualTo(duplicatesBefore + 50);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM fix_log WHERE auv_id = ?", Integer.class, auv))
                .isEqualTo(550);
        // one fix resent on its own, and twice in one batch, is a duplicate too
        JsonNode again = http.post("/api/v1/telemetry", "[" + track.get(10) + "," + track.get(10) + "]").json();
        assertThat(again.get("duplicates").asInt()).isEqualTo(2);
        Http.Response single = http.post("/api/v1/telemetry", track.get(11));
        assertThat(single.status()).isEqualTo(202);
        assertThat(single.json().get("status").asText()).isEqualTo("accepted");
        assertThat(single.json().get("auv_id").asText()).isEqualTo(auv);
    }

    @Test
    void anUnseenOldFixIsLateAndTwoCopiesOfItInOneBatchCountOnce() {
        String auv = id("AUV-LATE2");
        Instant t = ago(600);
        http.post("/api/v1/telemetry", fix(auv, t, 1, 1, 10));
        String old = fix(auv, t.minusSeconds(300), 1, 1, 10);
        JsonNode r = http.post("/api/v1/telemetry", "[" + old + "," + old + "]").json();
        assertThat(r.get("accepted").asInt()).isEqualTo(2);
        assertThat(r.get("duplicates").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM fix_log WHERE auv_id = ? AND late", Integer.class, auv))
                .isEqualTo(1);
    }

    @Test
    void aRequestAboveTheFixLimitIsRefusedWhole() {
        String auv = id("AUV-413");
        List<String> items = new ArrayList<>();
        for (int i = 0; i <= 10_000; i++) {
            items.add(fix(auv, ago(10_000 - i), 1, 1, 10));
        }
        Http.Response array = http.post("/api/v1/telemetry", "[" + String.join(",", items) + "]");
        TelemetryApiTest.assertProblem(array, 413);
        assertThat(array.json().get("detail").asText()).contains("more than 10000 fixes");

        Http.Response ndjson = http.post("/api/v1/telemetry", String.join("\n", items), "application/x-ndjson");
        TelemetryApiTest.assertProblem(ndjson, 413);
        assertThat(ndjson.json().get("detail").asText()).contains("more than 10000 fixes");
        assertThat(http.get("/api/v1/auvs/" + auv).status()).as("nothing of it was taken").isEqualTo(404);
    }

    @Test
    void theAnswerToALargeBatchListsTheFirstHundredRejectionsAndCountsThemAll() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            items.add("{\"auv_id\":\"AUV-BAD\",\"latitude\":95}");
        }
        items.add(fix(id("AUV-GOOD"), ago(5), 1, 1, 10));
        JsonNode r = http.post("/api/v1/telemetry", "[" + String.join(",", items) + "]").json();
        assertThat(r.get("accepted").asInt()).isEqualTo(1);
        assertThat(r.get("rejected_count").asInt()).isEqualTo(300);
        assertThat(r.get("rejected")).hasSize(100);
        assertThat(r.get("rejected").get(99).get("index").asInt()).isEqualTo(99);
        assertThat(r.get("rejected").get(0).get("errors").toString()).contains("latitude").contains("timestamp");
    }

    @Test
    void aPlainYamlToIntoThePipelineGetsTheCallingRoutesDeadLetterChannel() {
        String auv = id("AUV-YAML");
        String invalid = fix(auv, ago(30), 95.0, 10.0, 100.0);
        producer.sendBody("direct:integrator-plain-input", invalid);

        JsonNode parked = null;
        for (JsonNode d : http.get("/api/v1/dead-letters?replayed=false&limit=1000").json().get("dead_letters")) {
            if (invalid.equals(d.get("payload").asText())) {
                parked = d;
            }
        }
        assertThat(parked).as("parked by the YAML route's dead-letter channel").isNotNull();
        assertThat(parked.get("reason").asText()).startsWith("invalid input").contains("latitude");
        assertThat(parked.get("route_id").asText()).isEqualTo("ingest-normalize");
        assertThat(parked.get("source").asText()).isEqualTo("integrator-plain-input");
        assertThat(parked.get("replay_endpoint").asText()).isEqualTo("direct://integrator-plain-input");

        producer.sendBody("direct:integrator-plain-input", fix(auv, ago(20), 5.0, 10.0, 100.0));
        JsonNode status = http.get("/api/v1/auvs/" + auv).json();
        assertThat(status.get("position").get("latitude").asDouble()).isEqualTo(5.0);
    }
}
