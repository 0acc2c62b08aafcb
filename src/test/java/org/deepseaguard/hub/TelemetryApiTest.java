package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /api/v1/telemetry through real HTTP: single, array, NDJSON, and bad input of every kind. */
class TelemetryApiTest extends HubTestSupport {

    @Test
    void singleFixIsAcceptedAndApplied() {
        String auv = id("AUV-T");
        Instant t = ago(60);
        Http.Response r = http.post("/api/v1/telemetry", fix(auv, t, 1.5, 2.5, 100));

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().get("status").asText()).isEqualTo("accepted");
        assertThat(r.json().get("auv_id").asText()).isEqualTo(auv);

        JsonNode status = http.get("/api/v1/auvs/" + auv).json();
        assertThat(status.get("auv_id").asText()).isEqualTo(auv);
        assertThat(status.get("status").asText()).isEqualTo("compliant");
        assertThat(status.get("last_update").asText()).isEqualTo(t.toString());
        assertThat(status.get("position").get("latitude").asDouble()).isEqualTo(1.5);
        assertThat(status.get("position").get("longitude").asDouble()).isEqualTo(2.5);
        assertThat(status.get("position").get("depth").asDouble()).isEqualTo(100.0);
        assertThat(status.get("current_zones")).isEmpty();
        assertThat(status.get("open_violations").asInt()).isZero();
    }

    @Test
    void arrayBatchReportsEachRejectedItemByIndexAndTakesTheRest() {
        String auv = id("AUV-T");
        Instant last = ago(10);
        String body = "[" + fix(auv, ago(30), 1, 1, 10) + ","
                + "{\"auv_id\":\"" + auv + "\",\"timestamp\":\"" + ago(20) + "\",\"latitude\":95,\"longitude\":1,\"depth\":10},"
                + fix(auv, last, 1.001, 1, 10) + ","
                + "{\"auv_id\":\"bad id!\",\"latitude\":1}" + "]";

        Http.Response r = http.post("/api/v1/telemetry", body);

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(2);
        JsonNode rejected = r.json().get("rejected");
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(fields(rejected.get(0).get("errors"))).containsExactly("latitude");
        assertThat(rejected.get(1).get("index").asInt()).isEqualTo(3);
        assertThat(fields(rejected.get(1).get("errors"))).contains("auv_id", "timestamp", "longitude", "depth");
        assertThat(http.get("/api/v1/auvs/" + auv).json().get("last_update").asText()).isEqualTo(last.toString());
    }

    @Test
    void ndjsonIsReadLineByLineWithOrWithoutItsContentType() {
        String auv = id("AUV-N");
        String ndjson = fix(auv, ago(50), 3, 3, 10) + "\n" + "{not json\n" + fix(auv, ago(40), 3, 3.001, 10) + "\n";

        Http.Response typed = http.post("/api/v1/telemetry", ndjson, "application/x-ndjson");
        assertThat(typed.status()).isEqualTo(202);
        assertThat(typed.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(typed.json().get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(fields(typed.json().get("rejected").get(0).get("errors"))).containsExactly("body");

        String auv2 = id("AUV-N");
        Http.Response untyped = http.post("/api/v1/telemetry",
                fix(auv2, ago(50), 3, 3, 10) + "\n" + fix(auv2, ago(40), 3, 3.001, 10), "application/json");
        assertThat(untyped.status()).isEqualTo(202);
        assertThat(untyped.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(untyped.json().get("rejected")).isEmpty();
    }

    @Test
    void singleInvalidFixIsRefusedWithProblemJsonNamingEachField() {
        Http.Response missing = http.post("/api/v1/telemetry", "{\"auv_id\":\"AUV-X\"}");
        assertProblem(missing, 400);
        assertThat(fields(missing.json().get("errors"))).contains("timestamp", "latitude", "longitude", "depth");

        Http.Response outOfRange = http.post("/api/v1/telemetry", fix("AUV-X", ago(1), -91, 181, 11001));
        assertProblem(outOfRange, 400);
        assertThat(fields(outOfRange.json().get("errors"))).contains("latitude", "longitude", "depth");

        Http.Response nan = http.post("/api/v1/telemetry",
                "{\"auv_id\":\"AUV-X\",\"timestamp\":\"" + ago(1) + "\",\"latitude\":NaN,\"longitude\":Infinity,\"depth\":1}");
        assertProblem(nan, 400);
        assertThat(fields(nan.json().get("errors"))).contains("latitude", "longitude");

        Http.Response future = http.post("/api/v1/telemetry", fix("AUV-X", Instant.now().plusSeconds(3600), 1, 1, 1));
        assertProblem(future, 400);
        assertThat(fields(future.json().get("errors"))).containsExactly("timestamp");

        Http.Response badId = http.post("/api/v1/telemetry", fix("AUV X/1", ago(1), 1, 1, 1));
        assertProblem(badId, 400);
        assertThat(fields(badId.json().get("errors"))).containsExactly("auv_id");

        Http.Response wrongTypes = http.post("/api/v1/telemetry",
                "{\"auv_id\":7,\"timestamp\":\"yesterday\",\"latitude\":\"1\",\"longitude\":1,\"depth\":true}");
        assertProblem(wrongTypes, 400);
        assertThat(fields(wrongTypes.json().get("errors"))).contains("auv_id", "timestamp", "latitude", "depth");
    }

    @Test
    void unparseableBodiesAre400() {
        Http.Response malformed = http.post("/api/v1/telemetry", "{\"auv_id\": \"AUV-1\", ");
        assertProblem(malformed, 400);
        assertThat(malformed.json().get("detail").asText()).contains("malformed JSON");
        assertThat(fields(malformed.json().get("errors"))).containsExactly("body");

        assertProblem(http.post("/api/v1/telemetry", ""), 400);
        assertProblem(http.post("/api/v1/telemetry", "", "application/x-ndjson"), 400);
        assertProblem(http.post("/api/v1/telemetry", "{nope\n[oops\n", "application/x-ndjson"), 400);
        assertProblem(http.post("/api/v1/telemetry", "42"), 400);
        assertProblem(http.post("/api/v1/telemetry", "{\"a\":1} trailing"), 400);
    }

    @Test
    void oversizedBodyIs413() {
        String huge = "[" + "0,".repeat(600_000) + "0]";
        Http.Response withLength = http.post("/api/v1/telemetry", huge);
        assertProblem(withLength, 413);
        assertThat(withLength.json().get("errors").get(0).get("field").asText()).isEqualTo("body");

        Http.Response chunked = http.send(http.request("/api/v1/telemetry").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes()))));
        assertProblem(chunked, 413);
    }

    @Test
    void onlyJsonAndNdjsonAreTaken() {
        String auv = id("AUV-CT");
        Http.Response form = http.post("/api/v1/telemetry", fix(auv, ago(20), 1, 1, 1), "application/x-www-form-urlencoded");
        assertProblem(form, 415);
        assertThat(form.json().get("type").asText()).isEqualTo("urn:deepseaguard:problem:unsupported-media-type");
        assertProblem(http.post("/api/v1/telemetry", fix(auv, ago(20), 1, 1, 1), "text/plain"), 415);
        Instant last = ago(10);
        assertThat(http.post("/api/v1/telemetry", fix(auv, last, 1, 1, 1), "application/json; charset=UTF-8").status())
                .isEqualTo(202);
        assertThat(http.get("/api/v1/auvs/" + auv).json().get("last_update").asText()).isEqualTo(last.toString());
    }

    @Test
    void unknownPathsAndMethodsAreProblemsToo() {
        Http.Response unknown = http.get("/api/v1/nothing-here");
        assertProblem(unknown, 404);
        assertThat(unknown.json().get("type").asText()).isEqualTo("urn:deepseaguard:problem:not-found");
        assertThat(unknown.json().get("instance").asText()).isEqualTo("/api/v1/nothing-here");
        assertThat(unknown.json().get("errors")).isEmpty();
        Http.Response method = http.delete("/api/v1/telemetry");
        assertProblem(method, 405);
        assertThat(method.json().get("type").asText()).isEqualTo("urn:deepseaguard:problem:method-not-allowed");
        assertThat(method.json().get("title").asText()).isEqualTo("Method not allowed");
        assertProblem(http.put("/api/v1/violations", "{}"), 405);
    }

    static void assertProblem(Http.Response r, int status) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("type").asText()).startsWith("urn:deepseaguard:problem:");
        assertThat(r.json().get("title").asText()).isNotBlank();
        assertThat(r.json().get("detail").asText()).isNotBlank();
        assertThat(r.json().get("instance").asText()).startsWith("/api/v1/");
        assertThat(r.json().get("errors").isArray()).isTrue();
    }

    static List<String> fields(JsonNode errors) {
        List<String> fields = new ArrayList<>();
        errors.forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }
}
