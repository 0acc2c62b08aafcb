package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Redis unavailable for 20 s, for one hub: a {@link FaultProxy} stands between the hub and the
 * machine's Redis ({@code spring.data.redis.port} = the proxy's port) and drops every connection and
 * refuses new ones for 20 s while fleets send over AMQP and HTTP. Redis is the mirror of the states
 * the database holds, written after each commit: ingestion goes on through the outage (no HTTP batch
 * refused), and afterwards Redis holds every vehicle's newest state, including vehicles whose last
 * fix came during the outage, and the counted end state holds ({@link FaultFleet#assertCountedEndState}).
 */
class RedisOutageIT extends OutageTestSupport {

    @Test
    void ingestionGoesOnAndRedisCatchesUpAfterATwentySecondOutage() throws Exception {
        createDatabase();
        FaultProxy proxy = closeAfter(new FaultProxy(FreshRedisPrefix.HOST, FreshRedisPrefix.PORT));
        startHub(FreshPostgresDatabase.SERVER + database, "--spring.data.redis.port=" + proxy.port());
        FaultFleet.setUp(http());
        FaultFleet overAmqp = fleet("RD-A-", 3, 160);
        FaultFleet overHttp = fleet("RD-H-", 3, 160);
        // these send only while Redis is away: their last fix is judged during the outage
        FaultFleet duringOutage = fleet("RD-Q-", 2, 60);

        // 160 beats of 250 ms: 5 s before the outage (beats 0-19), 20 s of it (20-99), 15 s after
        HttpLog httpLog = sendAcross(proxy, 20, Duration.ofSeconds(20), List.of(new Lane(overAmqp, true, 0),
                new Lane(overHttp, false, 0), new Lane(duringOutage, false, 24)));

        awaitAllApplied(overAmqp.fixes() + overHttp.fixes() + duringOutage.fixes());
        assertThat(proxy.dropped() + proxy.refused()).as("the hub met the outage").isPositive();
        assertThat(httpLog.noAnswer).as("no HTTP request hung").isEmpty();
        assertThat(httpLog.refusals).as("ingestion went on while Redis was away").isEmpty();
        try (var db = db()) {
            FaultFleet.assertCountedEndState(db, overAmqp, overHttp, duringOutage);
            Map<String, String> expected = databaseStates(db);
            assertThat(expected).hasSize(overAmqp.vehicles + overHttp.vehicles + duringOutage.vehicles);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(redisStates(expected.keySet())).as("Redis holds every vehicle's newest state")
                            .isEqualTo(expected));
        }
    }

    /** auv_id -> "last_update zones open_violations" as the database has them. */
    private static Map<String, String> databaseStates(java.sql.Connection db) throws Exception {
        Map<String, Instant> last = new TreeMap<>();
        Map<String, Map<String, Instant>> zones = new TreeMap<>();
        Map<String, Long> open = new TreeMap<>();
        try (Statement s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT auv_id, last_fix_time FROM tracked_vehicles")) {
                while (rs.next()) {
                    last.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                    zones.put(rs.getString(1), new TreeMap<>());
                    open.put(rs.getString(1), 0L);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT auv_id, zone_id, entry_time FROM vehicle_zones")) {
                while (rs.next()) {
                    zones.get(rs.getString(1)).put(rs.getString(2), rs.getTimestamp(3).toInstant());
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT auv_id, COUNT(*) FROM violations WHERE status = 'open' GROUP BY auv_id")) {
                while (rs.next()) {
                    open.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        Map<String, String> states = new TreeMap<>();
        last.forEach((id, t) -> states.put(id, t + " " + zones.get(id) + " " + open.get(id)));
        return states;
    }

    /** The same, read from the hashes {@code <prefix>auv:state:<auv_id>}. */
    private Map<String, String> redisStates(Iterable<String> auvIds) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> states = new TreeMap<>();
        try (Jedis jedis = new Jedis(FreshRedisPrefix.HOST, FreshRedisPrefix.PORT)) {
            for (String id : auvIds) {
                Map<String, String> hash = jedis.hgetAll(redisPrefix + "auv:state:" + id);
                if (hash.isEmpty()) {
                    states.put(id, "missing");
                    continue;
                }
                Map<String, Instant> zones = new TreeMap<>();
                json.readTree(hash.get("zones")).fields().forEachRemaining(e ->
                        zones.put(e.getKey(), Instant.parse(e.getValue().asText())));
                states.put(id, Instant.parse(hash.get("last_update")) + " " + zones + " " + hash.get("open_violations"));
            }
        }
        return states;
    }
}
