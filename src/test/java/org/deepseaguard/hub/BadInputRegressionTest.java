package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Example-based regression tests for what the bad-input properties found ({@code BadInputHttpPropertyTest},
 * docs/reliability.md, "Bad input").
 */
class BadInputRegressionTest extends HubTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    /** Found by the property: any body that is not UTF-8 (one byte 0xFF) was a 500 (a StreamCacheException in Camel). */
    @ParameterizedTest
    @ValueSource(strings = {"ff", "5bff5d", "c3", "47effff45525ffbc32ff49c31e2805da16"})
    void aTelemetryBodyThatIsNotUtf8IsA400AndAppliesNothing(String hex) {
        long before = fixLog();
        Http.Response r = http.send(http.request("/api/v1/telemetry")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(HexFormat.of().parseHex(hex))));
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("body");
        assertThat(r.json().get("detail").asText()).contains("UTF-8");
        assertThat(fixLog()).isEqualTo(before);
    }

    @Test
    void aZoneOrRuleBodyThatIsNotUtf8IsA400() {
        for (String path : new String[] {"/api/v1/zones", "/api/v1/rules"}) {
            Http.Response r = http.send(http.request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', (byte) 0xff, '}'})));
            assertThat(r.status()).as(path + " " + r.text()).isEqualTo(400);
        }
    }

    private long fixLog() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM fix_log", Long.class);
    }
}
