package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.deepseaguard.hub.timeseries.InfluxPoints;
import org.influxdb.dto.BatchPoints;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * InfluxDB down (its address answers nothing): fixes are still taken and judged, the write is tried
 * again with back-off a bounded number of times, then its points are parked in the dead letters with
 * the reason, as JSON that a replay turns back into the same points; a track read answers 503.
 */
@StackIT
class InfluxOutageIT extends StackTestSupport {

    private static final Instant T0 = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    InfluxPoints points;

    @DynamicPropertySource
    static void deadInfluxDb(DynamicPropertyRegistry registry) {
        registry.add("deepseaguard.influxdb.url", () -> "http://127.0.0.1:" + freePort());
        registry.add("deepseaguard.influxdb.timeout", () -> "1s");
        registry.add("deepseaguard.influxdb.flush-interval", () -> "100ms");
        registry.add("deepseaguard.influxdb.retry.maximum-redeliveries", () -> "2");
        registry.add("deepseaguard.influxdb.retry.delay", () -> "50ms");
    }

    @Test
    void fixesAreTakenAndTheUnwritablePointsAreParkedWithTheReason() throws IOException {
        String auv = "IT-INFLUX-DOWN";
        JsonNode answer = apiJson("POST", "/telemetry", "[" + fix(auv, T0, 1, 1, 10) + ","
                + fix(auv, T0.plusSeconds(10), 1.01, 1.01, 11) + "]", 202);
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM fix_log WHERE auv_id = ?", Integer.class, auv)).isEqualTo(2);

        await().atMost(WAIT).until(() -> !parked().isEmpty());
        List<Map<String, Object>> rows = parked();
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat((String) row.get("reason")).containsIgnoringCase("connect");
        assertThat(row.get("replay_endpoint")).isEqualTo("direct:influxdb-write");
        JsonNode payload = json.readTree((String) row.get("payload"));
        assertThat(payload.get("fixes")).hasSize(2);
        assertThat(payload.get("fixes").findValuesAsText("auv_id")).containsOnly(auv);

        // a replay writes the same points
        BatchPoints replayed = points.toBatchPoints(row.get("payload"));
        assertThat(replayed.getPoints()).hasSize(2);
        assertThat(replayed.lineProtocol()).contains("auv_position,auv_id=" + auv + " depth=10.0,latitude=1.0,longitude=1.0 "
                + ChronoUnit.MICROS.between(Instant.EPOCH, T0));

        HttpResponse<String> track = api("GET", "/auvs/" + auv + "/track?from=" + T0 + "&to=" + T0.plusSeconds(60), null);
        assertThat(track.statusCode()).isEqualTo(503);
        assertThat(track.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json.readTree(track.body()).get("type").asText()).isEqualTo("urn:deepseaguard:problem:service-unavailable");
    }

    private List<Map<String, Object>> parked() {
        return jdbc.queryForList("SELECT * FROM dead_letters WHERE route_id = 'influxdb-write'");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
