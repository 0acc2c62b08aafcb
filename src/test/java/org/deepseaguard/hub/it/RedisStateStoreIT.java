package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.hub.DeepSeaGuardApplication;
import org.deepseaguard.hub.store.InMemoryVehicleStateStore;
import org.deepseaguard.hub.store.RedisStateProperties;
import org.deepseaguard.hub.store.RedisVehicleStateStore;
import org.deepseaguard.hub.store.VehicleStateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaBrokerFactory;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

/**
 * The vehicle state of profile {@code stack} lives in the machine's Redis (127.0.0.1:6379), in the
 * keys of DESIGN section 3 (read back here with a plain StringRedisTemplate of the test's own), and
 * a hub restart resumes it: entry time and open episode continue, no second zone entry, and
 * max_dwell counts from the entry before the restart.
 *
 * <p>This class starts the hub itself (the same properties, PostgreSQL database, RabbitMQ queues
 * and embedded Kafka as {@link StackIT}), because it must stop it and start a new one on the same
 * database and the same Redis key prefix. The prefix is unique per run; its keys are deleted after.
 */
class RedisStateStoreIT extends StackTestSupport {

    private static final String PREFIX = FreshRedisPrefix.newPrefix();
    private static final Instant T0 = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    private static EmbeddedKafkaBroker kafka;
    private static JedisConnectionFactory redisConnections;
    /** The test's own view of Redis, independent of the hub's connections. */
    private static StringRedisTemplate redis;
    private static ConfigurableApplicationContext hub;
    private static String databaseUrl;

    @BeforeAll
    static void startServicesAndHub() {
        FreshRedisPrefix.ping();
        redisConnections = new JedisConnectionFactory(new RedisStandaloneConfiguration(FreshRedisPrefix.HOST, FreshRedisPrefix.PORT));
        redisConnections.afterPropertiesSet();
        redisConnections.start();
        redis = new StringRedisTemplate(redisConnections);

        kafka = EmbeddedKafkaBrokerFactory.create(StackIT.class.getAnnotation(EmbeddedKafka.class));
        kafka.afterPropertiesSet();

        hub = startHub(new FreshPostgresDatabase());
        databaseUrl = hub.getEnvironment().getRequiredProperty("spring.datasource.url");
    }

    @AfterAll
    static void stopEverything() {
        if (hub != null) {
            hub.close();
        }
        if (kafka != null) {
            String brokers = kafka.getBrokersAsString();
            kafka.destroy();
            // the broker published its address as system properties; leave none pointing at it
            for (String property : List.of(StackIT.class.getAnnotation(EmbeddedKafka.class).bootstrapServersProperty(),
                    EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS)) {
                if (brokers.equals(System.getProperty(property))) {
                    System.clearProperty(property);
                }
            }
        }
        if (redisConnections != null) {
            redisConnections.destroy();
        }
        FreshRedisPrefix.deleteKeys(PREFIX);
    }

    /**
     * The hub in profile stack with {@link StackIT}'s properties, this run's key prefix and the
     * embedded Kafka; {@code database} names the PostgreSQL database (a fresh one the first time).
     */
    private static ConfigurableApplicationContext startHub(
            ApplicationContextInitializer<ConfigurableApplicationContext> database) {
        List<String> args = new ArrayList<>();
        for (String property : StackIT.class.getAnnotation(TestPropertySource.class).properties()) {
            args.add("--" + property);
        }
        args.add("--server.port=0");
        args.add("--deepseaguard.redis.key-prefix=" + PREFIX);
        args.add("--" + StackIT.class.getAnnotation(EmbeddedKafka.class).bootstrapServersProperty() + "="
                + kafka.getBrokersAsString());
        return new SpringApplicationBuilder(DeepSeaGuardApplication.class)
                .profiles("stack")
                .initializers(database, new EmptyBrokerQueues())
                .run(args.toArray(String[]::new));
    }

    /** Points the support class's helpers at the running hub. */
    @BeforeEach
    void attach() {
        port = ((WebServerApplicationContext) hub).getWebServer().getPort();
        rabbit = hub.getBean(RabbitTemplate.class);
        amqpAdmin = hub.getBean(AmqpAdmin.class);
        jdbc = hub.getBean(JdbcTemplate.class);
        camel = hub.getBean(CamelContext.class);
        json = hub.getBean(ObjectMapper.class);
    }

    @Test
    void theStackProfileServesStateFromRedisWhileThePipelineJudgesFromItsWorkingSet() {
        assertThat(hub.getBean(VehicleStateStore.class)).isInstanceOf(RedisVehicleStateStore.class);
        assertThat(hub.getBeansOfType(InMemoryVehicleStateStore.class)).hasSize(1);
    }

    @Test
    void entryAndExitThroughThePipelineAreMirroredInRedis() throws IOException {
        String auvId = "AUV-REDIS-EXIT";
        apiJson("POST", "/zones", squareZone("IT-REDIS-Z1", "preservation_reference_zone", 80.0, 10.0, 81.0, 11.0), 201);
        apiJson("POST", "/rules", """
                {"rule_id":"R-REDIS-Z1","type":"restricted_zone","severity":"warning","zone_ids":["IT-REDIS-Z1"]}""", 201);

        // HTTP runs the whole pipeline (state save included) before it answers
        apiJson("POST", "/telemetry", fix(auvId, T0, 10.5, 80.25, 3200.0), 202);

        Map<String, String> stateHash = hash("auv:state:" + auvId);
        assertThat(stateHash).containsEntry("last_update", T0.toString())
                .containsEntry("latitude", "10.5")
                .containsEntry("longitude", "80.25")
                .containsEntry("depth", "3200.0")
                .containsEntry("zones", "{\"IT-REDIS-Z1\":\"" + T0 + "\"}")
                .containsEntry("open_violations", "1")
                .containsEntry("revision", "1");
        JsonNode state = json.readTree(stateHash.get("state"));
        assertThat(state.get("auv_id").asText()).isEqualTo(auvId);
        assertThat(state.get("zone_entries").get("IT-REDIS-Z1").asText()).isEqualTo(T0.toString());
        assertThat(state.get("last_fix").get("timestamp").asText()).isEqualTo(T0.toString());
        assertThat(state.get("open_violations")).hasSize(1);
        assertThat(state.get("open_violations").elements().next().get("rule_id").asText()).isEqualTo("R-REDIS-Z1");
        assertThat(hash("zone:auvs:IT-REDIS-Z1")).isEqualTo(Map.of(auvId, T0.toString()));
        assertThat(redis.opsForSet().isMember(PREFIX + "auv:ids", auvId)).isTrue();
        // the API's occupancy is read from the same hash
        JsonNode occupants = apiJson("GET", "/zones/IT-REDIS-Z1/auvs", null, 200).get("auvs");
        assertThat(occupants).hasSize(1);
        assertThat(occupants.get(0).get("auv_id").asText()).isEqualTo(auvId);
        assertThat(occupants.get(0).get("entry_time").asText()).isEqualTo(T0.toString());

        // out of the zone: the occupancy entry goes (and with it the zone's key), the state says so
        apiJson("POST", "/telemetry", fix(auvId, T0.plusSeconds(60), 9.5, 80.25, 3200.0), 202);

        assertThat(redis.hasKey(PREFIX + "zone:auvs:IT-REDIS-Z1")).as("the last vehicle left: no key").isFalse();
        stateHash = hash("auv:state:" + auvId);
        assertThat(stateHash).containsEntry("zones", "{}")
                .containsEntry("last_update", T0.plusSeconds(60).toString())
                .containsEntry("latitude", "9.5")
                .containsEntry("open_violations", "0")
                .containsEntry("revision", "2");
        assertThat(json.readTree(stateHash.get("state")).get("zone_entries")).isEmpty();
        assertThat(apiJson("GET", "/zones/IT-REDIS-Z1/auvs", null, 200).get("auvs")).isEmpty();

        // the hub writes the keys of DESIGN section 3 and nothing else
        assertThat(FreshRedisPrefix.keys(PREFIX)).isNotEmpty()
                .allSatisfy(key -> assertThat(key.substring(PREFIX.length())).matches("auv:state:.+|zone:auvs:.+|auv:ids|watchdog:lease:\\d+"));
    }

    @Test
    void aRestartResumesTheEntryTimeAndTheOpenEpisodeFromTheDatabaseAndBringsRedisBackToIt() throws Exception {
        String auvId = "AUV-REDIS-RESTART";
        apiJson("POST", "/zones", squareZone("IT-REDIS-Z2", "preservation_reference_zone", 82.0, 10.0, 83.0, 11.0), 201);
        apiJson("POST", "/rules", """
                [{"rule_id":"R-REDIS-Z2","type":"restricted_zone","severity":"warning","zone_ids":["IT-REDIS-Z2"]},
                 {"rule_id":"R-REDIS-DWELL","type":"max_dwell","severity":"warning","zone_ids":["IT-REDIS-Z2"],
                  "max_dwell_seconds":600}]""", 201);
        apiJson("POST", "/telemetry", fix(auvId, T0, 10.5, 82.5, 4000.0), 202);
        JsonNode before = apiJson("GET", "/violations?auv_id=" + auvId, null, 200);
        assertThat(before.get("total").asInt()).isEqualTo(1);
        String violationId = before.get("violations").get(0).get("violation_id").asText();
        assertThat(before.get("violations").get(0).get("rule_id").asText()).isEqualTo("R-REDIS-Z2");
        Map<String, String> savedBefore = hash("auv:state:" + auvId);

        // Restart on the same database. The connection held meanwhile keeps other test JVMs'
        // FreshPostgresDatabase from taking the database for an unused one and dropping it.
        try (Connection holder = DriverManager.getConnection(databaseUrl, FreshPostgresDatabase.USER, "")) {
            hub.close();
            try (Statement sql = holder.createStatement();
                 ResultSet rs = sql.executeQuery("SELECT COUNT(*) FROM vehicle_zones WHERE auv_id = '" + auvId + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the zone entry, written with the fix's results").isEqualTo(1);
            }
            assertThat(hash("auv:state:" + auvId)).as("the state in Redis, untouched by the stop").isEqualTo(savedBefore);
            // Redis loses the vehicle meanwhile (as after a crash between the commit and the mirror)
            redis.delete(List.of(PREFIX + "auv:state:" + auvId, PREFIX + "zone:auvs:IT-REDIS-Z2"));
            hub = startHub(context -> TestPropertyValues.of(
                    "spring.datasource.url=" + databaseUrl,
                    "spring.datasource.username=" + FreshPostgresDatabase.USER,
                    "spring.datasource.password=").applyTo(context));
        }
        attach();
        assertThat(hash("auv:state:" + auvId).get("state")).as("written back from the database at the start")
                .isEqualTo(savedBefore.get("state"));
        JsonNode status = apiJson("GET", "/auvs/" + auvId, null, 200);
        assertThat(status.get("current_zones").get(0).get("zone_id").asText()).isEqualTo("IT-REDIS-Z2");
        assertThat(status.get("current_zones").get(0).get("entry_time").asText()).isEqualTo(T0.toString());
        assertThat(status.get("status").asText()).isEqualTo("violation");
        purgeOutputs();

        // 11 minutes after the entry, still inside
        Instant next = T0.plusSeconds(660);
        apiJson("POST", "/telemetry", fix(auvId, next, 10.6, 82.6, 4000.0), 202);

        JsonNode restricted = apiJson("GET", "/violations?auv_id=" + auvId + "&rule_id=R-REDIS-Z2", null, 200);
        assertThat(restricted.get("total").asInt()).as("the episode continues, no second one").isEqualTo(1);
        assertThat(restricted.get("violations").get(0).get("violation_id").asText()).isEqualTo(violationId);
        assertThat(restricted.get("violations").get(0).get("status").asText()).isEqualTo("open");
        assertThat(restricted.get("violations").get(0).get("last_seen_at").asText()).isEqualTo(next.toString());

        JsonNode dwell = apiJson("GET", "/violations?auv_id=" + auvId + "&rule_id=R-REDIS-DWELL", null, 200);
        assertThat(dwell.get("total").asInt()).as("660 s since the entry before the restart > 600 s").isEqualTo(1);
        assertThat(dwell.get("violations").get(0).get("started_at").asText()).isEqualTo(next.toString());
        JsonNode opened = body(receive("compliance_violations"));
        assertThat(opened.get("rule_id").asText()).isEqualTo("R-REDIS-DWELL");
        assertNoMoreMessages("compliance_violations", Duration.ofSeconds(1));

        JsonNode events = apiJson("GET", "/events?auv_id=" + auvId, null, 200);
        assertThat(events.get("total").asInt()).as("the one zone_entry from before the restart").isEqualTo(1);
        assertThat(events.get("events").get(0).get("type").asText()).isEqualTo("zone_entry");
        assertThat(events.get("events").get(0).get("timestamp").asText()).isEqualTo(T0.toString());
        assertNoMoreMessages("geofencing_events", Duration.ofSeconds(1));

        assertThat(hash("zone:auvs:IT-REDIS-Z2")).isEqualTo(Map.of(auvId, T0.toString()));
        Map<String, String> stateHash = hash("auv:state:" + auvId);
        assertThat(stateHash).containsEntry("revision", "2")
                .containsEntry("last_update", next.toString())
                .containsEntry("zones", "{\"IT-REDIS-Z2\":\"" + T0 + "\"}")
                .containsEntry("open_violations", "2");
        JsonNode state = json.readTree(stateHash.get("state"));
        assertThat(state.get("zone_entries").get("IT-REDIS-Z2").asText()).isEqualTo(T0.toString());
        List<String> open = new ArrayList<>();
        state.get("open_violations").forEach(v -> open.add(v.get("violation_id").asText()));
        assertThat(open).contains(violationId).hasSize(2);
    }

    @Test
    void aSaveFromAStaleReadIsRefusedAndWritesNothing() {
        String auvId = "AUV-REDIS-STALE";
        RedisVehicleStateStore here = hub.getBean(RedisVehicleStateStore.class);
        // another hub instance on the same Redis (e.g. while a Kafka partition moves)
        RedisVehicleStateStore there = new RedisVehicleStateStore(hub.getBean(StringRedisTemplate.class), json,
                new RedisStateProperties(PREFIX));
        VehicleState inA = new VehicleState(auvId, null, Map.of("IT-REDIS-A", T0), Map.of(), T0);
        VehicleState inB = new VehicleState(auvId, null, Map.of("IT-REDIS-B", T0.plusSeconds(60)), Map.of(), T0);

        assertThat(here.load(auvId)).isEmpty();
        assertThat(there.load(auvId)).isEmpty();
        there.save(inA);
        assertThatThrownBy(() -> here.save(inB)).isInstanceOf(OptimisticLockingFailureException.class)
                .hasMessageContaining(auvId);
        assertThat(hash("auv:state:" + auvId)).containsEntry("revision", "1")
                .containsEntry("zones", "{\"IT-REDIS-A\":\"" + T0 + "\"}");
        assertThat(hash("zone:auvs:IT-REDIS-A")).isEqualTo(Map.of(auvId, T0.toString()));
        assertThat(redis.hasKey(PREFIX + "zone:auvs:IT-REDIS-B")).isFalse();

        // read again, then the save goes through: A left, B entered, in the same transaction
        assertThat(here.load(auvId)).contains(inA);
        here.save(inB);
        assertThat(here.load(auvId)).contains(inB);
        assertThat(redis.hasKey(PREFIX + "zone:auvs:IT-REDIS-A")).isFalse();
        assertThat(hash("zone:auvs:IT-REDIS-B")).isEqualTo(Map.of(auvId, T0.plusSeconds(60).toString()));
        assertThat(hash("auv:state:" + auvId)).containsEntry("revision", "2");
        assertThat(here.occupants("IT-REDIS-B")).isEqualTo(Map.of(auvId, T0.plusSeconds(60)));
        assertThat(here.vehicleIds()).contains(auvId);
    }

    @Test
    void aRedisThatDoesNotAnswerFailsTheCallInsteadOfAnsweringNoState() {
        JedisConnectionFactory nowhere = new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
        nowhere.afterPropertiesSet();
        nowhere.start();
        try {
            RedisVehicleStateStore store = new RedisVehicleStateStore(new StringRedisTemplate(nowhere), json,
                    new RedisStateProperties(PREFIX));
            assertThatThrownBy(() -> store.load("AUV-REDIS-DOWN")).isInstanceOf(DataAccessException.class);
            assertThatThrownBy(() -> store.save(VehicleState.initial("AUV-REDIS-DOWN"))).isInstanceOf(DataAccessException.class);
        } finally {
            nowhere.destroy();
        }
    }

    private Map<String, String> hash(String key) {
        return redis.<String, String>opsForHash().entries(PREFIX + key);
    }
}
