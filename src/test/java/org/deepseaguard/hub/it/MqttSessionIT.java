package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.deepseaguard.hub.CrashScript;
import org.deepseaguard.hub.HubProcess;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable MQTT sessions, in profile {@code stack} against the machine's Mosquitto (a hub JVM of its
 * own, a fresh PostgreSQL database and Redis prefix): the hub subscribes with a fixed client id,
 * clean start off and a session expiry; it is stopped; 200 fixes of the scripted fleet
 * ({@link CrashScript}, batches 1 and 2) are published with QoS 1 while it is down; it is started
 * again with the same client id, and the broker hands it the fixes it queued for the session. Every
 * fix is applied exactly once and in order, and no episode is opened twice.
 */
class MqttSessionIT {

    private static final String BROKER = "tcp://127.0.0.1:1883";

    @TempDir
    Path dir;

    private String database;
    private String clientId;
    private HubProcess running;

    @AfterEach
    void cleanUp() throws Exception {
        if (running != null) {
            running.kill();
        }
        if (clientId != null) {
            endSession(clientId);
        }
        if (database != null) {
            try (var admin = DriverManager.getConnection(FreshPostgresDatabase.SERVER + "test", FreshPostgresDatabase.USER, "");
                 Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void fixesPublishedWhileTheHubIsDownAreAppliedOnceWhenItComesBack() throws Exception {
        database = "dsg_it_mqtt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (var admin = DriverManager.getConnection(FreshPostgresDatabase.SERVER + "test", FreshPostgresDatabase.USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database);
        }
        clientId = "deepseaguard-it-session-" + UUID.randomUUID();

        running = start("run-1");
        CrashScript.setUp(running.http(StackTestSupport.ADMIN_KEY));
        // batch 0 while it runs: proves the subscription is in place before the hub goes away
        publish(0, 1);
        awaitFixes(100);
        running.stop();
        running = null;

        publish(1, 3);
        assertThat(fixLog()).as("nothing applied while the hub is down").isEqualTo(100);

        running = start("run-2");
        awaitFixes(300);

        try (var c = DriverManager.getConnection(FreshPostgresDatabase.SERVER + database, FreshPostgresDatabase.USER, "")) {
            assertThat(count(c, "SELECT COUNT(*) FROM fix_log WHERE late")).as("delivered in order").isZero();
            assertThat(count(c, "SELECT COUNT(*) FROM (SELECT auv_id, fix_time FROM fix_log GROUP BY auv_id, fix_time) f"))
                    .as("300 distinct fixes").isEqualTo(300);
            assertThat(count(c, "SELECT COUNT(*) FROM violations")).as("the script raises violations").isPositive();
            assertThat(count(c, """
                    SELECT COUNT(*) FROM (SELECT auv_id, rule_id, zone_id, started_at FROM violations
                    GROUP BY auv_id, rule_id, zone_id, started_at HAVING COUNT(*) > 1) d"""))
                    .as("no episode opened twice").isZero();
            assertThat(count(c, """
                    SELECT COUNT(*) FROM (SELECT auv_id, rule_id, zone_id FROM violations WHERE status = 'open'
                    GROUP BY auv_id, rule_id, zone_id HAVING COUNT(*) > 1) d"""))
                    .as("at most one open episode per vehicle, rule and zone").isZero();
            assertThat(count(c, """
                    SELECT COUNT(*) FROM (SELECT auv_id, zone_id, event_type, event_time FROM zone_events
                    GROUP BY auv_id, zone_id, event_type, event_time HAVING COUNT(*) > 1) d"""))
                    .as("no zone event twice").isZero();
        }
        // every vehicle's last applied fix is the last one published while the hub was down
        Map<String, String> lastUpdate = new TreeMap<>();
        for (JsonNode v : running.http(StackTestSupport.ADMIN_KEY).get("/api/v1/auvs").json()) {
            lastUpdate.put(v.get("auv_id").asText(), v.get("last_update").asText());
        }
        Map<String, String> expected = new TreeMap<>();
        for (JsonNode fix : CrashScript.batch(2)) {
            expected.put(fix.get("auv_id").asText(), fix.get("timestamp").asText());
        }
        assertThat(lastUpdate.keySet()).isEqualTo(expected.keySet());
        expected.forEach((auv, ts) ->
                assertThat(Instant.parse(lastUpdate.get(auv))).as(auv).isEqualTo(Instant.parse(ts)));
    }

    private HubProcess start(String name) {
        return HubProcess.startWithKey(dir, name, StackTestSupport.ADMIN_KEY,
                "--spring.profiles.active=stack",
                "--spring.datasource.url=" + FreshPostgresDatabase.SERVER + database,
                "--spring.datasource.username=" + FreshPostgresDatabase.USER,
                "--deepseaguard.redis.key-prefix=" + database + ":",
                "--deepseaguard.security.api-keys[0]=" + StackTestSupport.ADMIN_KEY_SHA256 + ":admin",
                "--deepseaguard.alerts.secret-key=" + StackTestSupport.ALERT_SECRET_KEY,
                "--server.address=127.0.0.1",
                "--deepseaguard.ingest.kafka.enabled=false",
                "--deepseaguard.analytics.kafka.enabled=false",
                "--deepseaguard.influxdb.enabled=false",
                "--deepseaguard.ingest.amqp.enabled=false",
                "--deepseaguard.alerts.email.enabled=false",
                // the stack's settings, with an id no other hub on this machine uses
                "--deepseaguard.ingest.mqtt.enabled=true",
                "--deepseaguard.ingest.mqtt.client-id=" + clientId,
                "--deepseaguard.ingest.mqtt.clean-start=false",
                "--deepseaguard.ingest.mqtt.session-expiry-interval=600");
    }

    /** Publishes batches [from, to) of the script with QoS 1, each publish confirmed by the broker's PUBACK. */
    private static void publish(int from, int to) throws Exception {
        MqttClient publisher = new MqttClient(BROKER, "it-publisher-" + UUID.randomUUID(), new MemoryPersistence());
        publisher.connect();
        try {
            for (int b = from; b < to; b++) {
                for (JsonNode fix : CrashScript.batch(b)) {
                    MqttMessage message = new MqttMessage(fix.toString().getBytes(StandardCharsets.UTF_8));
                    message.setQos(1);
                    String topic = "deepseaguard/auv/" + fix.get("auv_id").asText() + "/telemetry";
                    // the broker allows a few QoS 1 publishes in flight; Paho refuses one more until a
                    // PUBACK is processed (32202): try that publish again, bounded
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                            .ignoreException(MqttException.class)
                            .until(() -> {
                                publisher.publish(topic, message);
                                return true;
                            });
                }
            }
        } finally {
            publisher.disconnect();
            publisher.close();
        }
    }

    /** Connects once with the session's id, clean start on and expiry 0: the broker forgets the session. */
    private static void endSession(String id) throws Exception {
        MqttClient client = new MqttClient(BROKER, id, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        client.connect(options);
        client.disconnect();
        client.close();
    }

    private void awaitFixes(long fixes) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(fixLog()).isEqualTo(fixes));
    }

    private long fixLog() throws SQLException {
        try (var c = DriverManager.getConnection(FreshPostgresDatabase.SERVER + database, FreshPostgresDatabase.USER, "")) {
            return count(c, "SELECT COUNT(*) FROM fix_log");
        }
    }

    private static long count(java.sql.Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
