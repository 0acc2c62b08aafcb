package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    void twoInstancesJudgeEachVehicleOnceAndTheSurvivorTakesOverWithNothingLostOrDoubled() {
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
        assertThat(judged(hubA)).as("fixes judged by A").isPositive();
        assertThat(judged(hubB)).as("fixes judged by B").isPositive();
        assertThat(judged(hubA) + judged(hubB)).as("fixes judged by both, each once").isEqualTo(VEHICLES * FIXES / 2);
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
        assertThat(judged(hubA)).as("A took over B's vehicles").isGreaterThan(judgedByA + VEHICLES * FIXES / 4.0);
    }

    private static Set<TopicPartition> partitions(ConfigurableApplicationContext hub) {
        return hub.getBean(ClusterRebalance.class).assignedPartitions();
    }

    /** Fixes this instance judged (applied, late or duplicate) from Kafka. */
    private static double judged(ConfigurableApplicationContext hub) {
        return hub.getBean(MeterRegistry.class).find("deepseaguard.fixes").tag("channel", "kafka").counters().stream()
                .mapToDouble(Counter::count).sum();
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
                    + "WHERE auv_id = ? ORDER BY started_at", auv(v));
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
