package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.deepseaguard.hub.CrashScript;
import org.deepseaguard.hub.HubProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over AMQP, in profile {@code stack} (real RabbitMQ, PostgreSQL and Redis; hub JVMs of their own):
 * the scripted fleet ({@link CrashScript}) is published as persistent messages to the telemetry
 * exchange (the run's own, shaped as {@code auv_telemetry}); the hub is killed with SIGKILL while it works through the second half and
 * started again; the broker delivers what was never acknowledged. Violations, events, vehicle states
 * and the fix log end exactly as in an uninterrupted run, and the counted end state of the fault
 * tests holds (docs/reliability.md, "Faults").
 */
class AmqpCrashRecoveryIT {

    /**
     * The run's own telemetry exchange and queue (same shape as {@code auv_telemetry} /
     * {@code auv_telemetry_raw}): the machine's RabbitMQ is shared with other test JVMs whose hubs
     * consume {@code auv_telemetry_raw}; one took 173 of the reference run's fixes.
     */
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String EXCHANGE = "auv_telemetry." + RUN;
    private static final String QUEUE = "auv_telemetry_raw." + RUN;

    @TempDir
    Path uninterruptedDir;

    @TempDir
    Path crashedDir;

    private final List<String> databases = new ArrayList<>();
    private HubProcess running;

    @AfterEach
    void cleanUp() throws Exception {
        if (running != null) {
            running.kill();
        }
        try (var admin = DriverManager.getConnection(FreshPostgresDatabase.SERVER + "test", FreshPostgresDatabase.USER, "");
             Statement sql = admin.createStatement()) {
            for (String db : databases) {
                sql.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
        withChannel(channel -> {
            channel.queueDelete(QUEUE);
            channel.exchangeDelete(EXCHANGE);
        });
    }

    @Test
    void aHubKilledWhileJudgingAmqpBatchesResumesExactly() throws Exception {
        String referenceDb = database();
        running = start(uninterruptedDir, "uninterrupted", referenceDb);
        CrashScript.setUp(running.http(StackTestSupport.ADMIN_KEY));
        publish(0, CrashScript.BATCHES);
        awaitFixes(referenceDb, CrashScript.FIXES);
        CrashScript.Outcome expected = CrashScript.Outcome.of(running.http(StackTestSupport.ADMIN_KEY));
        Map<String, Long> expectedCounts = counts(referenceDb);
        running.stop();

        String crashedDb = database();
        withChannel(channel -> purge(channel, QUEUE));
        running = start(crashedDir, "run-1", crashedDb);
        CrashScript.setUp(running.http(StackTestSupport.ADMIN_KEY));
        publish(0, CrashScript.BATCHES / 2);
        awaitFixes(crashedDb, CrashScript.FIXES / 2);
        // the second half is being consumed, batched, judged and acknowledged when the JVM dies
        publish(CrashScript.BATCHES / 2, CrashScript.BATCHES);
        running.kill();

        running = start(crashedDir, "run-2", crashedDb);
        awaitFixes(crashedDb, CrashScript.FIXES);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(queueDepth()).as("every delivery acknowledged").isZero());
        CrashScript.Outcome actual = CrashScript.Outcome.of(running.http(StackTestSupport.ADMIN_KEY));
        running.stop();

        assertThat(expected.violations()).as("the script raises violations").hasSizeGreaterThan(20);
        assertThat(actual.violations()).isEqualTo(expected.violations());
        assertThat(actual.events()).isEqualTo(expected.events());
        assertThat(actual.vehicles()).isEqualTo(expected.vehicles());
        assertThat(counts(crashedDb)).isEqualTo(expectedCounts)
                .containsEntry("fix_log", (long) CrashScript.FIXES);
        assertCountedEndState(crashedDb);
    }

    /**
     * The fault tests' counted end state (docs/reliability.md, "Faults"): per vehicle, fix_log rows =
     * fixes sent and none taken late, its last fix its newest; no two open episodes for one
     * (vehicle, rule, zone); nothing in dead_letters. (The episodes themselves are compared with the
     * uninterrupted run above.)
     */
    private static void assertCountedEndState(String database) throws SQLException {
        try (var c = DriverManager.getConnection(FreshPostgresDatabase.SERVER + database, FreshPostgresDatabase.USER, "");
             Statement s = c.createStatement()) {
            Map<String, String> perVehicle = new java.util.TreeMap<>();
            try (var rs = s.executeQuery("""
                    SELECT f.auv_id, COUNT(*), SUM(CASE WHEN f.late THEN 1 ELSE 0 END), MAX(f.fix_time) = t.last_fix_time
                    FROM fix_log f JOIN tracked_vehicles t ON t.auv_id = f.auv_id GROUP BY f.auv_id, t.last_fix_time""")) {
                while (rs.next()) {
                    perVehicle.put(rs.getString(1), rs.getLong(2) + " fixes, " + rs.getLong(3) + " late, newest last: " + rs.getBoolean(4));
                }
            }
            Map<String, String> expected = new java.util.TreeMap<>();
            for (int v = 0; v < CrashScript.VEHICLES; v++) {
                expected.put("CR-AUV-" + v, CrashScript.FIXES_PER_VEHICLE + " fixes, 0 late, newest last: true");
            }
            assertThat(perVehicle).as("every fix applied once, in order; each vehicle's last fix its newest").isEqualTo(expected);
            try (var rs = s.executeQuery("""
                    SELECT COUNT(*) FROM (SELECT 1 FROM violations WHERE status = 'open'
                    GROUP BY auv_id, rule_id, zone_id HAVING COUNT(*) > 1) twice""")) {
                rs.next();
                assertThat(rs.getLong(1)).as("no two open episodes for one (vehicle, rule, zone)").isZero();
            }
            try (var rs = s.executeQuery("SELECT COUNT(*) FROM dead_letters")) {
                rs.next();
                assertThat(rs.getLong(1)).as("nothing in dead_letters").isZero();
            }
        }
    }

    private HubProcess start(Path dir, String name, String database) {
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
                "--deepseaguard.ingest.mqtt.enabled=false",
                "--deepseaguard.alerts.email.enabled=false",
                "--deepseaguard.amqp.telemetry-exchange=" + EXCHANGE,
                "--deepseaguard.amqp.telemetry-queue=" + QUEUE);
    }

    /** Publishes batches [from, to) of the script, one persistent message per fix, with confirms. */
    private static void publish(int from, int to) throws Exception {
        withChannel(channel -> {
            channel.confirmSelect();
            AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder()
                    .contentType("application/json").deliveryMode(2).build();
            for (int b = from; b < to; b++) {
                for (JsonNode fix : CrashScript.batch(b)) {
                    channel.basicPublish(EXCHANGE, "auv.telemetry." + fix.get("auv_id").asText(), persistent,
                            fix.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            channel.waitForConfirmsOrDie(30_000);
        });
    }

    private static void awaitFixes(String database, int fixes) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(counts(database).get("fix_log")).isEqualTo(fixes));
    }

    private static Map<String, Long> counts(String database) throws SQLException {
        try (var c = DriverManager.getConnection(FreshPostgresDatabase.SERVER + database, FreshPostgresDatabase.USER, "")) {
            return CrashScript.counts(c);
        }
    }

    private String database() throws SQLException {
        // not dsg_it_...: FreshPostgresDatabase of a test starting meanwhile drops those nobody is
        // connected to, which is this one's state between the kill and the restart
        String name = "dsgcrash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (var admin = DriverManager.getConnection(FreshPostgresDatabase.SERVER + "test", FreshPostgresDatabase.USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        }
        databases.add(name);
        return name;
    }

    private static long queueDepth() throws Exception {
        long[] depth = new long[1];
        withChannel(channel -> depth[0] = channel.queueDeclarePassive(QUEUE).getMessageCount());
        return depth[0];
    }

    private static void purge(Channel channel, String queue) {
        try {
            channel.queuePurge(queue);
        } catch (Exception notDeclaredYet) {
            // declared (empty) by the hub at its start
        }
    }

    private interface ChannelWork {
        void accept(Channel channel) throws Exception;
    }

    private static void withChannel(ChannelWork work) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        try (Connection connection = factory.newConnection("deepseaguard-crash-it");
             Channel channel = connection.createChannel()) {
            work.accept(channel);
        }
    }
}
