package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Helpers shared by the integration tests: publish to and read from the real RabbitMQ, call the
 * HTTP API with an API key, build fixes, zones and rules. Reads wait on the broker (blocking receive
 * with a timeout), never with sleeps.
 */
public abstract class StackTestSupport {

    public static final String ADMIN_KEY = "it-admin-key";
    /** deepseaguard.alerts.secret-key for the stack profile (base64 of 32 bytes), which requires one. */
    public static final String ALERT_SECRET_KEY = "aXQtYWxlcnQtc2VjcmV0LWtleS0zMi1ieXRlcyEhISE=";
    public static final String ADMIN_KEY_SHA256 = "c81407b5b47ade8fcc850050f2a85e4b6ee2f35f3f5cd9c4c1408c6a7ee98893";
    public static final String INGEST_KEY_SHA256 = "ee3783ec5f16fc2fc046de23b024e969519ede2370410a56d9327e27cd62362c";

    /** Output queues of the contract (DESIGN section 3). */
    public static final List<String> OUTPUT_QUEUES = List.of("compliance_violations", "geofencing_events",
            "critical_alerts", "warning_alerts", "alert_notifications", "deepseaguard.dlq");

    protected static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    protected int port;
    @Autowired
    protected RabbitTemplate rabbit;
    @Autowired
    protected AmqpAdmin amqpAdmin;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected CamelContext camel;
    @Autowired
    protected ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Empties the queues a test asserts on (they are durable and shared with earlier runs). */
    protected void purge(List<String> queues) {
        for (String queue : queues) {
            amqpAdmin.purgeQueue(queue, false);
        }
    }

    protected void purgeOutputs() {
        purge(OUTPUT_QUEUES);
    }

    /** Publishes a fix to exchange auv_telemetry with routing key auv.telemetry.&lt;auv_id&gt;, persistent. */
    protected void publishFix(String auvId, String fixJson) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType("application/json");
        rabbit.send("auv_telemetry", "auv.telemetry." + auvId,
                new Message(fixJson.getBytes(StandardCharsets.UTF_8), properties));
    }

    /** The next message on a queue, waiting up to {@link #WAIT}; fails when none comes. */
    protected Message receive(String queue) {
        Message message = rabbit.receive(queue, WAIT.toMillis());
        assertThat(message).as("a message on queue %s within %s", queue, WAIT).isNotNull();
        return message;
    }

    protected JsonNode body(Message message) {
        try {
            return json.readTree(message.getBody());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(message.getBody(), StandardCharsets.UTF_8), e);
        }
    }

    /** Messages on a queue until {@code count} arrived, each waited for up to {@link #WAIT}. */
    protected List<Message> receive(String queue, int count) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(receive(queue));
        }
        return messages;
    }

    /** Asserts a queue stays empty for a short while (used after everything expected was read). */
    protected void assertNoMoreMessages(String queue, Duration during) {
        Message extra = rabbit.receive(queue, during.toMillis());
        assertThat(extra).as("no further message on %s", queue).isNull();
    }

    protected HttpResponse<String> api(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                .header("X-API-Key", ADMIN_KEY)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("HTTP " + method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    protected JsonNode apiJson(String method, String path, String body, int expectedStatus) {
        HttpResponse<String> response = api(method, path, body);
        assertThat(response.statusCode()).as("%s %s -> %s", method, path, response.body()).isEqualTo(expectedStatus);
        try {
            return response.body().isEmpty() ? null : json.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** A fix as DESIGN section 6 JSON. */
    protected static String fix(String auvId, Instant timestamp, double latitude, double longitude, double depth) {
        return String.format(Locale.ROOT,
                "{\"auv_id\":\"%s\",\"timestamp\":\"%s\",\"latitude\":%s,\"longitude\":%s,\"depth\":%s}",
                auvId, timestamp.truncatedTo(ChronoUnit.SECONDS), latitude, longitude, depth);
    }

    /** A square polygon zone [lon0, lon1] x [lat0, lat1] as a GeoJSON Feature. */
    protected static String squareZone(String zoneId, String zoneType, double lon0, double lat0, double lon1, double lat1) {
        return String.format(Locale.ROOT, """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[%1$s,%2$s],[%3$s,%2$s],[%3$s,%4$s],[%1$s,%4$s],[%1$s,%2$s]]]},
                 "properties":{"zone_id":"%5$s","name":"%5$s","zone_type":"%6$s","source":"integration test"}}""",
                lon0, lat0, lon1, lat1, zoneId, zoneType);
    }
}
