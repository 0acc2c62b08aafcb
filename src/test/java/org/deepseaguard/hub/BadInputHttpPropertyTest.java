package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.deepseaguard.BadInput;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The bad-input properties end to end, through HTTP on the shared context (fewer tries than the
 * direct properties in {@code CoreDecodersPropertyTest} and {@code HubDecodersPropertyTest}; the
 * samples come from the same jqwik generators, {@link BadInput}): every hostile request is answered
 * 2xx or with a client error, never 500, and a refused telemetry request leaves nothing in the fix
 * log, a refused zone or rule request nothing in the zones or rules.
 */
class BadInputHttpPropertyTest extends HubTestSupport {

    private static final List<Integer> CLIENT_ERRORS = List.of(400, 404, 409, 413, 415);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void telemetryRequestsAreAppliedWholeOrRefusedWhole() {
        Arbitrary<String> auvId = Arbitraries.oneOf(Arbitraries.just("\"@AUV@\""), BadInput.strings().map(BadInput::quote),
                BadInput.json(1));
        Arbitrary<String> contentType = Arbitraries.of("application/json", "application/x-ndjson");
        Combinators.combine(Arbitraries.oneOf(BadInput.bodyText(auvId).map(BadInput::utf8), BadInput.bytes()), contentType)
                .as((body, type) -> new Object[] {body, type})
                .sampleStream().limit(150).forEach(sample -> {
                    String id = id("PBT-AUV");
                    String text = new String((byte[]) sample[0], StandardCharsets.UTF_8);
                    byte[] body = text.contains("@AUV@") ? text.replace("@AUV@", id).getBytes(StandardCharsets.UTF_8)
                            : (byte[]) sample[0];
                    long before = count("fix_log");
                    Http.Response r = http.send(http.request("/api/v1/telemetry")
                            .header("Content-Type", (String) sample[1])
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
                    String shown = sample[1] + " " + (body.length > 300 ? new String(body, 0, 300, StandardCharsets.UTF_8) + "..."
                            : java.util.Base64.getEncoder().encodeToString(body));
                    long applied = count("fix_log") - before;
                    if (r.status() == 202) {
                        if (r.json().has("accepted")) {
                            assertThat(applied).as("%s -> %s", shown, r.text())
                                    .isEqualTo(r.json().get("accepted").asLong() - r.json().get("duplicates").asLong());
                        } else {
                            assertThat(applied).as("%s -> %s", shown, r.text()).isBetween(0L, 1L);
                        }
                    } else {
                        assertThat(r.status()).as("%s -> %s", shown, r.text()).isIn(CLIENT_ERRORS);
                        assertThat(r.contentType()).startsWith("application/problem+json");
                        assertThat(applied).as("nothing of a refused request applied: %s", shown).isZero();
                    }
                });
    }

    @Test
    void zoneAndRuleRequestsAreTakenWholeOrRefusedWhole() {
        BadInput.zoneLike().sampleStream().limit(100).forEach(body -> {
            long before = count("zones");
            Http.Response r = http.post("/api/v1/zones", body);
            if (r.status() == 201) {
                // out of the shared context's way at once: other tests' vehicles must not meet random zones
                r.json().get("zone_ids").forEach(z -> http.delete("/api/v1/zones/" + URLEncoder.encode(z.asText(), StandardCharsets.UTF_8)));
            } else {
                assertThat(r.status()).as("%s -> %s", body, r.text()).isIn(CLIENT_ERRORS);
                assertThat(count("zones")).as("nothing of a refused import stored: %s", body).isEqualTo(before);
            }
        });
        BadInput.ruleLike().sampleStream().limit(100).forEach(generated -> {
            // an object's last auv_ids wins: a rule taken applies to no vehicle of the shared context
            String body = generated.startsWith("{\"rule_id\"")
                    ? generated.substring(0, generated.length() - 1) + ",\"auv_ids\":[\"PBT-NOBODY\"]}" : generated;
            long before = count("rules");
            Http.Response r = http.post("/api/v1/rules", body);
            if (r.status() == 201) {
                r.json().get("rule_ids").forEach(id -> http.delete("/api/v1/rules/" + URLEncoder.encode(id.asText(), StandardCharsets.UTF_8)));
            } else {
                assertThat(r.status()).as("%s -> %s", body, r.text()).isIn(CLIENT_ERRORS);
                assertThat(count("rules")).as("nothing of a refused rule stored: %s", body).isEqualTo(before);
            }
        });
    }

    @Test
    void queryParametersGive200Or400() {
        Arbitrary<String> value = Arbitraries.oneOf(BadInput.strings(), BadInput.numbers());
        Arbitrary<String> query = Combinators.combine(
                Arbitraries.of("auv_id", "zone_id", "rule_id", "severity", "status", "type", "since", "until", "limit", "offset"),
                value).as((k, v) -> k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))
                .list().ofMaxSize(5).map(l -> String.join("&", l));
        Combinators.combine(Arbitraries.of("/api/v1/violations", "/api/v1/events"), query).as((p, q) -> p + "?" + q)
                .sampleStream().limit(150).forEach(path -> {
                    Http.Response r = http.get(path);
                    assertThat(r.status()).as("%s -> %s", path, r.text()).isIn(200, 400);
                });
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }
}
