package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.deepseaguard.hub.live.LiveTestData.batch;
import static org.deepseaguard.hub.live.LiveTestData.entered;
import static org.deepseaguard.hub.live.LiveTestData.moved;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.deepseaguard.hub.live.LiveFeed;
import org.deepseaguard.hub.live.LiveTestData;
import org.deepseaguard.hub.live.RecordingStream;
import org.deepseaguard.hub.live.RedisLiveRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;

/**
 * The live feed's fan-in in cluster mode over the machine's real Redis (127.0.0.1:6379, a fresh key
 * prefix, so a channel of its own): two instances, each a {@link LiveFeed} with its
 * {@link RedisLiveRelay} and its own connections, wired as the hub wires them but without the rest
 * of a hub (ClusterIT runs two whole hubs). What instance A judges reaches a stream on instance B,
 * and no instance streams its own events twice. Fails when Redis does not answer.
 */
class LiveFeedFanInIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private record Instance(JedisConnectionFactory connections, RedisLiveRelay relay, LiveFeed feed) {
    }

    private final String prefix = FreshRedisPrefix.newPrefix();
    private final ObjectMapper json = LiveTestData.json();
    private Instance a;
    private Instance b;

    @BeforeEach
    void startTwoInstances() {
        FreshRedisPrefix.ping();
        a = instance("hub-a");
        b = instance("hub-b");
        String channel = prefix + "live";
        assertThat(a.relay().channel()).isEqualTo(channel);
        // pub/sub keeps nothing: publish only once both instances listen
        await().atMost(WAIT).until(() -> a.relay().listening() && b.relay().listening() && subscribers(channel) == 2);
    }

    @AfterEach
    void stopThem() throws Exception {
        for (Instance instance : new Instance[] {a, b}) {
            if (instance != null) {
                instance.relay().destroy();
                LiveTestData.stop(instance.feed());
                instance.connections().destroy();
            }
        }
        FreshRedisPrefix.deleteKeys(prefix);
    }

    @Test
    void whatOneInstanceJudgesReachesAStreamOnTheOtherAndNoInstanceStreamsItsOwnTwice() {
        RecordingStream onA = RecordingStream.open(a.feed());
        RecordingStream onB = RecordingStream.open(b.feed());
        await().atMost(WAIT).until(() -> onA.events("hello").size() == 1 && onB.events("hello").size() == 1);
        Instant t = Instant.parse("2026-11-27T08:00:00Z");

        // A judges a vehicle entering a closed zone: B's stream shows it
        a.feed().publish(batch(entered("FANIN-A-1", t, 10.5, "APEI-FANIN", "R-FANIN")));
        await().atMost(WAIT).untilAsserted(() -> assertJudged(onB, "FANIN-A-1", 10.5));

        // B judges one: A's stream shows it, so B's own copy went through Redis too
        b.feed().publish(batch(entered("FANIN-B-1", t, 11.5, "APEI-FANIN", "R-FANIN")));
        await().atMost(WAIT).untilAsserted(() -> assertJudged(onA, "FANIN-B-1", 11.5));

        // Redis delivers a channel's messages to each subscriber in the order they were published, and
        // each feed streams them in that order: once this last message of A is on both streams, any
        // echo of an instance's own earlier message would be there before it
        a.feed().publish(batch(moved("FANIN-A-2", t, 12.5)));
        await().atMost(WAIT).until(() -> !onB.json("position", "FANIN-A-2", "/auv_id").isEmpty()
                && !onA.json("position", "FANIN-A-2", "/auv_id").isEmpty());

        for (RecordingStream stream : List.of(onA, onB)) {
            assertJudged(stream, "FANIN-A-1", 10.5);
            assertJudged(stream, "FANIN-B-1", 11.5);
        }
        assertThat(onB.json("position", "FANIN-A-2", "/auv_id")).singleElement()
                .satisfies(p -> assertThat(p.get("latitude").asDouble()).isEqualTo(12.5));
    }

    /** Exactly one position, one zone entry and one opened violation of the vehicle on the stream. */
    private static void assertJudged(RecordingStream stream, String auvId, double latitude) {
        assertThat(stream.json("position", auvId, "/auv_id")).singleElement().satisfies(p -> {
            assertThat(p.get("latitude").asDouble()).isEqualTo(latitude);
            assertThat(p.get("timestamp").asText()).isEqualTo("2026-11-27T08:00:00Z");
            assertThat(p.get("status").asText()).isEqualTo("violation");
        });
        assertThat(stream.json("event", auvId, "/auv_id")).singleElement().satisfies(e -> {
            assertThat(e.get("type").asText()).isEqualTo("zone_entry");
            assertThat(e.get("zone_id").asText()).isEqualTo("APEI-FANIN");
        });
        assertThat(stream.json("violation", auvId, "/violation/auv_id")).singleElement().satisfies(v -> {
            assertThat(v.get("change").asText()).isEqualTo("opened");
            JsonNode violation = v.get("violation");
            assertThat(violation.get("rule_id").asText()).isEqualTo("R-FANIN");
            assertThat(violation.get("zone_id").asText()).isEqualTo("APEI-FANIN");
            assertThat(violation.get("status").asText()).isEqualTo("open");
        });
    }

    private Instance instance(String name) {
        JedisConnectionFactory connections = new JedisConnectionFactory(
                new RedisStandaloneConfiguration(FreshRedisPrefix.HOST, FreshRedisPrefix.PORT));
        connections.afterPropertiesSet();
        connections.start();
        StringRedisTemplate redis = new StringRedisTemplate(connections);
        redis.afterPropertiesSet();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RedisLiveRelay relay = new RedisLiveRelay(connections, redis, json, prefix, name, 1000, meters);
        // every applied fix a position (no throttle), so an echo would show at once
        LiveFeed feed = new LiveFeed(json, LiveTestData.statuses(), LiveTestData.properties(Duration.ZERO), meters,
                Optional.of(relay));
        relay.start();
        return new Instance(connections, relay, feed);
    }

    private static long subscribers(String channel) {
        try (Jedis jedis = new Jedis(FreshRedisPrefix.HOST, FreshRedisPrefix.PORT)) {
            return jedis.pubsubNumSub(channel).getOrDefault(channel, 0L);
        }
    }
}
