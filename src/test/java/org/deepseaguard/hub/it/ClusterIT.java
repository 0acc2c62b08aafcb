package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.deepseaguard.hub.service.VehicleService;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.deepseaguard.hub.messaging.ClusterRebalance;
import org.apache.camel.CamelContext;
import org.deepseaguard.hub.DeepSeaGuardApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

/**
 * Cluster mode (issue 12, "one owner per vehicle"): two hub instances in one JVM (two application
 * contexts in profile {@code stack}, {@code deepseaguard.cluster.enabled=true}) on one PostgreSQL
 * database, one Redis key prefix and an embedded KRaft Kafka whose {@code auv_telemetry} has 4
 * partitions. A fleet of 8 vehicles, each crossing a restricted zone every third fix, is posted over
 * HTTP to both instances in turn (each vehicle's fixes in time order); the database then holds
 * exactly the zone events and violations one instance makes of that fleet (the engine's ids are
 * deterministic, so a fix judged twice or from a stale state would show as an extra or a different
 * row). Then one instance is stopped while its partitions' fixes are still being posted; the other
 * takes the partitions over from the state the database holds and judges the rest: nothing lost,
 * nothing doubled. A missing service fails the start: nothing is skipped.
 */
class ClusterIT extends StackTestSupport {

    private static final String PREFIX = FreshRedisPrefix.newPrefix();
    private static final Instant T0 = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    private static final int VEHICLES = 8;
    /** Fixes per vehicle: outside 0-2, inside 3-5, outside 6-8, ... (period 6). */
    private static final int FIXES = 24;
    private static final String ZONE = "IT-CLUSTER-Z1";
    private static final String RULE = "R-CLUSTER-Z1";
    /** Vehicles sending over MQTT and over AMQP, and their fixes each. */
    private static final String MQTT_AUV = "AUV-CLMQTT-";
    private static final String AMQP_AUV = "AUV-CLAMQP-";
    private static final int BROKER_VEHICLES = 4;
    private static final int BROKER_FIXES = 3;

    private static EmbeddedKafkaBroker kafka;
    private static ConfigurableApplicationContext hubA;
    private static ConfigurableApplicationContext hubB;

    @BeforeAll
    static void startServicesAndTwoHubs() {
        FreshRedisPrefix.ping();
        kafka = new EmbeddedKafkaKraftBroker(1, 4, "auv_telemetry", "auv_analytics");
        kafka.afterPropertiesSet();
        hubA = startHub(new FreshPostgresDatabase(), "a");
    }

    @AfterAll
    static void stopEverything() {
        for (ConfigurableApplicationContext hub : new ConfigurableApplicationContext[] {hubB, hubA}) {
            if (hub != null && hub.isActive()) {
                hub.close();
            }
        }
        if (kafka != null) {
            String brokers = kafka.getBrokersAsString();
            kafka.destroy();
            for (String property : List.of(StackIT.class.getAnnotation(EmbeddedKafka.class).bootstrapServersProperty(),
                    EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS)) {
                if (brokers.equals(System.getProperty(property))) {
                    System.clearProperty(property);
                }
            }
        }
        FreshRedisPrefix.deleteKeys(PREFIX);
    }

    /** A hub in profile stack, cluster mode, with {@link StackIT}'s properties, this run's Redis prefix and Kafka. */
    private static ConfigurableApplicationContext startHub(
            ApplicationContextInitializer<ConfigurableApplicationContext> database, String name) {
        List<String> args = new ArrayList<>();
        for (String property : StackIT.class.getAnnotation(TestPropertySource.class).properties()) {
            if (!property.startsWith("camel.main.name=")) {
                args.add("--" + property);
            }
        }
        args.add("--server.port=0");
        args.add("--camel.main.name=deepseaguard-cluster-" + name);
        args.add("--deepseaguard.cluster.enabled=true");
        // the watchdog and the warning window tick quickly enough for a test
        args.add("--deepseaguard.watchdog.interval=PT1S");
        args.add("--deepseaguard.warnings.window=PT2S");
        args.add("--deepseaguard.warnings.batch-size=1000");
        // two contexts in one JVM: their Spring MBeans (spring.jmx.enabled in the hub) must not clash
        args.add("--spring.jmx.unique-names=true");
        args.add("--deepseaguard.redis.key-prefix=" + PREFIX);
        args.add("--" + StackIT.class.getAnnotation(EmbeddedKafka.class).bootstrapServersProperty() + "="
                + kafka.getBrokersAsString());
        return new SpringApplicationBuilder(DeepSeaGuardApplication.class)
                .profiles("stack")
                .initializers(database, new EmptyBrokerQueues())
                .run(args.toArray(String[]::new));
    }

    /** The second instance, on the first one's database. */
    private static ConfigurableApplicationContext startSecondHub() {
        String databaseUrl = hubA.getEnvironment().getRequiredProperty("spring.datasource.url");
        return startHub(context -> TestPropertyValues.of(
                "spring.datasource.url=" + databaseUrl,
                "spring.datasource.username=" + FreshPostgresDatabase.USER,
                "spring.datasource.password=").applyTo(context), "b");
    }

    /** Points the support class's helpers at one instance. */
    private void attach(ConfigurableApplicationContext hub) {
        port = ((WebServerApplicationContext) hub).getWebServer().getPort();
        rabbit = hub.getBean(RabbitTemplate.class);
        amqpAdmin = hub.getBean(AmqpAdmin.class);
        jdbc = hub.getBean(JdbcTemplate.class);
        camel = hub.getBean(CamelContext.class);
        json = hub.getBean(ObjectMapper.class);
    }

    @Test
    void twoInstancesJudgeEachVehicleOnceAndTheSurvivorTakesOverWithNothingLostOrDoubled() throws Exception {
        attach(hubA);
        assertThat(camel.getRoute("cluster-forward")).as("cluster mode is on").isNotNull();
        apiJson("POST", "/zones", squareZone(ZONE, "preservation_reference_zone", 80.0, 10.0, 81.0, 11.0), 201);
        apiJson("POST", "/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"warning","zone_ids":["%s"]}""".formatted(RULE, ZONE), 201);
        // the second instance reads zones and rules from the shared database at its start
        hubB = startSecondHub();
        assertThat(hubB.getBean(CamelContext.class).getRoute("ingest-kafka")).isNotNull();
        // the group has rebalanced: each instance owns some of the 4 partitions
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(partitions(hubA)).isNotEmpty();
            assertThat(partitions(hubB)).isNotEmpty();
            assertThat(partitions(hubA).size() + partitions(hubB).size()).isEqualTo(4);
        });

        // both up: fixes 0..11 of every vehicle, each fix to the other instance than the one before
        for (int i = 0; i < FIXES / 2; i++) {
            for (int v = 0; v < VEHICLES; v++) {
                postFix((i + v) % 2 == 0 ? hubA : hubB, v, i);
            }
        }
        awaitJudged(FIXES / 2);
        assertFleetJudged(FIXES / 2);
        // a batch is counted right after its commit: the fix log can be complete a moment before the count
        await().atMost(WAIT).untilAsserted(() -> assertThat(judged(hubA) + judged(hubB))
                .as("fixes judged by both, each once").isEqualTo(VEHICLES * FIXES / 2));
        assertThat(judged(hubA)).as("fixes judged by A (B: %s)", judged(hubB)).isPositive();
        assertThat(judged(hubB)).as("fixes judged by B (A: %s)", judged(hubA)).isPositive();

        brokerFixesAreTakenByOneInstanceAndJudgedOnce();
        aRegistrationChangedOnOneInstanceJudgesTheNextFixOnTheOther();
        theWatchdogChecksEveryVehicleOnceAcrossTheInstances();
        double judgedByA = judged(hubA);

        // fixes 12..17 to both, then instance B stops while its partitions' records may still be in
        // flight; fixes 18..23 go to A, which now owns every partition
        for (int i = FIXES / 2; i < FIXES * 3 / 4; i++) {
            for (int v = 0; v < VEHICLES; v++) {
                postFix((i + v) % 2 == 0 ? hubA : hubB, v, i);
            }
        }
        hubB.close();
        for (int i = FIXES * 3 / 4; i < FIXES; i++) {
            for (int v = 0; v < VEHICLES; v++) {
                postFix(hubA, v, i);
            }
        }
        attach(hubA);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(partitions(hubA)).hasSize(4));
        awaitJudged(FIXES);
        assertFleetJudged(FIXES);
        await().atMost(WAIT).untilAsserted(() -> assertThat(judged(hubA))
                .as("A took over B's vehicles").isGreaterThan(judgedByA + VEHICLES * FIXES / 4.0));

        everyWarningIsInExactlyOneDigest();
    }

    /**
     * MQTT (one shared subscription for the instances) and AMQP (competing consumers of one queue):
     * each fix is received by ONE instance, forwarded to its vehicle's owner and judged once.
     */
    private void brokerFixesAreTakenByOneInstanceAndJudgedOnce() throws Exception {
        double mqttBefore = received(hubA, "mqtt") + received(hubB, "mqtt");
        double amqpBefore = received(hubA, "amqp") + received(hubB, "amqp");
        MqttClient client = new MqttClient("tcp://127.0.0.1:1883", "it-cluster-publisher-" + System.nanoTime(),
                new MemoryPersistence());
        client.connect();
        try {
            for (int i = 0; i < BROKER_FIXES; i++) {
                for (int v = 0; v < BROKER_VEHICLES; v++) {
                    MqttMessage message = new MqttMessage(fix(MQTT_AUV + v, time(i), 10.5, 79.5, 100.0)
                            .getBytes(StandardCharsets.UTF_8));
                    message.setQos(1);
                    client.publish("deepseaguard/auv/" + MQTT_AUV + v + "/telemetry", message);
                }
            }
        } finally {
            client.disconnect();
            client.close();
        }
        attach(hubA);
        for (int i = 0; i < BROKER_FIXES; i++) {
            for (int v = 0; v < BROKER_VEHICLES; v++) {
                publishFix(AMQP_AUV + v, fix(AMQP_AUV + v, time(i), 10.5, 79.5, 100.0));
            }
        }
        int expected = BROKER_FIXES * BROKER_VEHICLES;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM fix_log WHERE auv_id LIKE ?", Integer.class, MQTT_AUV + "%"))
                    .as("MQTT fixes judged").isEqualTo(expected);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM fix_log WHERE auv_id LIKE ?", Integer.class, AMQP_AUV + "%"))
                    .as("AMQP fixes judged").isEqualTo(expected);
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(hubA, "applied") + outcome(hubB, "applied"))
                .as("counted").isGreaterThanOrEqualTo(VEHICLES * FIXES / 2.0 + 2 * expected));
        assertThat(received(hubA, "mqtt") + received(hubB, "mqtt") - mqttBefore)
                .as("MQTT fixes received by the two instances together (a shared subscription)").isEqualTo(expected);
        assertThat(received(hubA, "amqp") + received(hubB, "amqp") - amqpBefore)
                .as("AMQP fixes received by the two instances together").isEqualTo(expected);
        assertThat(outcome(hubA, "duplicate") + outcome(hubB, "duplicate")).as("fixes judged twice").isZero();
    }

    /**
     * A registration changed through instance A applies to the very next fix of the vehicle, judged
     * by instance B (its owner): the change's marker is on the vehicle's partition before the fix.
     */
    private void aRegistrationChangedOnOneInstanceJudgesTheNextFixOnTheOther() {
        attach(hubA);
        apiJson("POST", "/zones", """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[82,10],[83,10],[83,11],[82,11],[82,10]]]},
                 "properties":{"zone_id":"IT-CLUSTER-CA","zone_type":"contract_area","contract_id":"IT-CLUSTER-C"}}""", 201);
        apiJson("POST", "/rules", """
                {"rule_id":"R-CLUSTER-AUTH","type":"unauthorized_entry","severity":"critical","zone_ids":["IT-CLUSTER-CA"]}""", 201);
        String auvId = IntStream.range(0, 100).mapToObj(k -> "AUV-CLREG-" + k)
                .filter(id -> hubB.getBean(ClusterRebalance.class).owns(id)).findFirst().orElseThrow();
        apiJson("POST", "/auvs", "{\"auv_id\":\"%s\",\"contract_ids\":[\"IT-CLUSTER-C\"]}".formatted(auvId), 201);
        // authorised: inside its contract area, no violation
        apiJson("POST", "/telemetry", fix(auvId, time(0), 10.5, 82.5, 100.0), 202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM fix_log WHERE auv_id = ?", Integer.class, auvId)).isEqualTo(1));
        // the contract is taken away on A; the next fix, sent to A at once, is judged by B with version 2
        apiJson("PUT", "/auvs/" + auvId, "{\"contract_ids\":[]}", 200);
        apiJson("POST", "/telemetry", fix(auvId, time(1), 10.6, 82.5, 100.0), 202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM fix_log WHERE auv_id = ?", Integer.class, auvId)).isEqualTo(2));
        List<Map<String, Object>> violations = jdbc.queryForList(
                "SELECT rule_id, started_at FROM violations WHERE auv_id = ?", auvId);
        assertThat(violations).as("violations of %s", auvId).hasSize(1);
        assertThat(violations.get(0).get("rule_id")).isEqualTo("R-CLUSTER-AUTH");
        assertThat(((java.sql.Timestamp) violations.get(0).get("started_at")).toInstant()).isEqualTo(time(1));
        JsonNode stored = apiJson("GET", "/violations?auv_id=" + auvId, null, 200);
        assertThat(stored.toString()).contains("\"registration_version\":2");
        assertThat(hubB.getBean(VehicleService.class).find(auvId).orElseThrow().version())
                .as("B, the owner, judged with version 2").isEqualTo(2);
    }

    /**
     * Each instance's watchdog checks the vehicles of its partitions, silent ones included: every
     * vehicle gets exactly one telemetry-gap episode, opened by its owner, none twice, none missed.
     */
    private void theWatchdogChecksEveryVehicleOnceAcrossTheInstances() {
        attach(hubA);
        List<String> vehicles = jdbc.queryForList("SELECT auv_id FROM tracked_vehicles WHERE auv_id LIKE 'AUV-CLUSTER-%' "
                + "OR auv_id LIKE ? OR auv_id LIKE ? OR auv_id LIKE 'AUV-CLREG-%' ORDER BY auv_id", String.class,
                MQTT_AUV + "%", AMQP_AUV + "%");
        assertThat(vehicles).hasSize(VEHICLES + 2 * BROKER_VEHICLES + 1);
        String auvIds = vehicles.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
        apiJson("POST", "/rules", """
                {"rule_id":"R-CLUSTER-GAP","type":"telemetry_gap","severity":"critical","max_gap_seconds":2,"auv_ids":[%s]}"""
                .formatted(auvIds), 201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT auv_id FROM violations WHERE rule_id = 'R-CLUSTER-GAP' ORDER BY auv_id", String.class))
                .as("one gap episode per vehicle").containsExactlyElementsOf(vehicles));
        assertThat(gapsOpened(hubA)).as("gaps opened by A's watchdog").isPositive();
        assertThat(gapsOpened(hubB)).as("gaps opened by B's watchdog").isPositive();
        apiJson("DELETE", "/rules/R-CLUSTER-GAP", null, 204);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM violations WHERE rule_id = 'R-CLUSTER-GAP'", Integer.class))
                .as("no vehicle checked twice").isEqualTo(vehicles.size());
    }

    /**
     * Every warning transition of the fleet (restricted zone: 4 openings and 3 closings per vehicle)
     * went out in exactly one warning digest, whichever instance judged it and completed the batch.
     */
    private void everyWarningIsInExactlyOneDigest() {
        attach(hubA);
        List<String> expected = new ArrayList<>();
        jdbc.query("SELECT violation_id, status FROM violations WHERE rule_id = ?", rs -> {
            expected.add(rs.getString(1) + ":open");
            if ("closed".equals(rs.getString(2))) {
                expected.add(rs.getString(1) + ":closed");
            }
        }, RULE);
        assertThat(expected).hasSize(VEHICLES * 7);
        List<String> digested = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            org.springframework.amqp.core.Message message;
            while ((message = rabbit.receive("warning_alerts")) != null) {
                for (JsonNode v : body(message).path("violations")) {
                    if (RULE.equals(v.path("rule_id").asText())) {
                        digested.add(v.path("violation_id").asText() + ":" + v.path("status").asText());
                    }
                }
            }
            assertThat(digested).as("warnings in the digests").hasSameSizeAs(expected);
        });
        assertThat(digested).as("each warning in one digest").containsExactlyInAnyOrderElementsOf(expected);
    }

    private static Set<TopicPartition> partitions(ConfigurableApplicationContext hub) {
        return hub.getBean(ClusterRebalance.class).assignedPartitions();
    }

    /** Items this instance read from a channel (its edge: before forwarding). */
    private static double received(ConfigurableApplicationContext hub, String channel) {
        return count(hub, "deepseaguard.fixes.received", "channel", channel);
    }

    /** Fixes this instance judged from Kafka with an outcome. */
    private static double outcome(ConfigurableApplicationContext hub, String outcome) {
        return count(hub, "deepseaguard.fixes", "channel", "kafka", "outcome", outcome);
    }

    private static double gapsOpened(ConfigurableApplicationContext hub) {
        return count(hub, "deepseaguard.violations.opened", "rule_type", "telemetry_gap");
    }

    /** Fixes this instance judged (applied, late or duplicate) from Kafka. */
    private static double judged(ConfigurableApplicationContext hub) {
        return count(hub, "deepseaguard.fixes", "channel", "kafka");
    }

    /** The sum of an instance's counters of that name with those tags (key, value, ...). */
    private static double count(ConfigurableApplicationContext hub, String name, String... tags) {
        return hub.getBean(MeterRegistry.class).find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    private void postFix(ConfigurableApplicationContext hub, int vehicle, int index) {
        attach(hub);
        boolean inside = (index / 3) % 2 == 1;
        var answer = apiJson("POST", "/telemetry",
                fix(auv(vehicle), time(index), 10.5, inside ? 80.5 : 79.5, 100.0), 202);
        assertThat(answer.toString()).as("fix %d of %s", index, auv(vehicle)).contains("accepted");
    }

    private static String auv(int vehicle) {
        return "AUV-CLUSTER-" + vehicle;
    }

    private static Instant time(int index) {
        return T0.plusSeconds(10L * index);
    }

    /** Waits until every vehicle's first {@code fixes} fixes are in the fix log. */
    private void awaitJudged(int fixes) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM fix_log WHERE auv_id LIKE 'AUV-CLUSTER-%'", Integer.class))
                .isEqualTo(VEHICLES * fixes));
    }

    /**
     * What one instance makes of the first {@code fixes} fixes of every vehicle: an entry at fixes
     * 3, 9, 15, 21, an exit at 6, 12, 18; one restricted_zone episode per entry, closed at the exit;
     * no fix late, none logged twice, no other row.
     */
    private void assertFleetJudged(int fixes) {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM fix_log WHERE auv_id LIKE 'AUV-CLUSTER-%' AND late",
                Integer.class)).as("late fixes (judged out of order)").isZero();
        for (int v = 0; v < VEHICLES; v++) {
            List<String> expectedEvents = new ArrayList<>();
            List<Instant> expectedStarts = new ArrayList<>();
            for (int i = 1; i < fixes; i++) {
                boolean inside = (i / 3) % 2 == 1;
                boolean wasInside = ((i - 1) / 3) % 2 == 1;
                if (inside && !wasInside) {
                    expectedEvents.add("zone_entry@" + time(i));
                    expectedStarts.add(time(i));
                } else if (!inside && wasInside) {
                    expectedEvents.add("zone_exit@" + time(i));
                }
            }
            List<String> events = jdbc.query("SELECT event_type, event_time FROM zone_events WHERE auv_id = ? "
                            + "ORDER BY event_time, event_type",
                    (rs, n) -> rs.getString(1) + "@" + rs.getTimestamp(2).toInstant(), auv(v));
            assertThat(events).as("zone events of %s", auv(v)).containsExactlyElementsOf(expectedEvents);
            List<Map<String, Object>> violations = jdbc.queryForList("SELECT rule_id, status, started_at FROM violations "
                    + "WHERE auv_id = ? AND rule_id = ? ORDER BY started_at", auv(v), RULE);
            assertThat(violations).as("violations of %s", auv(v)).hasSize(expectedStarts.size());
            for (int k = 0; k < violations.size(); k++) {
                Map<String, Object> row = violations.get(k);
                assertThat(row.get("rule_id")).isEqualTo(RULE);
                assertThat(((java.sql.Timestamp) row.get("started_at")).toInstant()).isEqualTo(expectedStarts.get(k));
                boolean last = k == violations.size() - 1;
                boolean endsInside = ((fixes - 1) / 3) % 2 == 1;
                assertThat(row.get("status")).as("episode %d of %s", k, auv(v))
                        .isEqualTo(last && endsInside ? "open" : "closed");
            }
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM zone_events WHERE auv_id LIKE 'AUV-CLUSTER-%'", Integer.class))
                .isEqualTo(jdbc.queryForObject("SELECT count(DISTINCT event_id) FROM zone_events "
                        + "WHERE auv_id LIKE 'AUV-CLUSTER-%'", Integer.class));
    }
}
