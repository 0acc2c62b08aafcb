package org.deepseaguard.hub.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.deepseaguard.hub.store.RedisStateProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The relay's messages, a Redis that does not answer (nothing listens on port 1), and when the hub
 * has a relay at all: the real Redis is LiveFeedFanInIT's.
 */
class RedisLiveRelayTest {

    private final JedisConnectionFactory nowhere = new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private RedisLiveRelay hubA;
    private RedisLiveRelay hubB;

    RedisLiveRelayTest() {
        nowhere.afterPropertiesSet();
        nowhere.start();
        StringRedisTemplate redis = new StringRedisTemplate(nowhere);
        redis.afterPropertiesSet();
        hubA = new RedisLiveRelay(nowhere, redis, LiveTestData.json(), "p:", "hub-a", 2, meters);
        hubB = new RedisLiveRelay(nowhere, redis, LiveTestData.json(), "p:", "hub-b", 2, new SimpleMeterRegistry());
    }

    @AfterEach
    void close() throws Exception {
        hubA.destroy();
        hubB.destroy();
        nowhere.destroy();
    }

    /** What the relay needs of a hub, with a Redis nowhere. */
    @Configuration(proxyBeanMethods = false)
    static class HubBeans {
        @Bean
        JedisConnectionFactory connections() {
            return new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
        }

        @Bean
        StringRedisTemplate redis(RedisConnectionFactory connections) {
            return new StringRedisTemplate(connections);
        }

        @Bean
        ObjectMapper json() {
            return LiveTestData.json();
        }

        @Bean
        RedisStateProperties redisState() {
            return new RedisStateProperties("");
        }

        @Bean
        LiveProperties live() {
            return LiveTestData.properties(Duration.ofSeconds(1));
        }

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void onlyClusterModeWithTheRedisStateStoreHasARelaySoOtherwiseNothingGoesToRedis() {
        ApplicationContextRunner hub = new ApplicationContextRunner().withUserConfiguration(HubBeans.class, RedisLiveRelay.class);
        hub.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RedisLiveRelay.class));
        hub.withPropertyValues("deepseaguard.state-store=redis")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RedisLiveRelay.class));
        hub.withPropertyValues("deepseaguard.cluster.enabled=true", "deepseaguard.state-store=memory")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RedisLiveRelay.class));
        // with both, the hub starts also while Redis is away
        hub.withPropertyValues("deepseaguard.cluster.enabled=true", "deepseaguard.state-store=redis")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RedisLiveRelay.class)
                        .getBean(RedisLiveRelay.class).satisfies(relay -> assertThat(relay.channel()).isEqualTo("live")));
    }

    @Test
    void aMessageIsReadByTheOtherInstancesAndIgnoredByItsPublisher() throws Exception {
        List<LiveEvent> events = List.of(new LiveEvent("position", "AUV-1", "{\"auv_id\":\"AUV-1\",\"latitude\":1.5}"),
                new LiveEvent("violation", "AUV-1", "{\"change\":\"opened\",\"violation\":{\"auv_id\":\"AUV-1\"}}"));
        byte[] message = hubA.write(events).getBytes(StandardCharsets.UTF_8);

        assertThat(hubA.channel()).isEqualTo("p:live");
        assertThat(hubB.read(message)).as("the data passed on untouched").isEqualTo(events);
        assertThat(hubA.read(message)).as("its own: streamed there already").isEmpty();
    }

    @Test
    void whatIsNotAnotherInstancesLiveEventIsIgnored() {
        assertThat(hubB.read("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(hubB.read("""
                {"instance":"hub-a","events":[{"event":"hello","data":"{}"},{"event":"position","auv_id":"AUV-1"},
                 {"event":"event","auv_id":"AUV-2","data":"{\\"type\\":\\"zone_exit\\"}"}]}""".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(new LiveEvent("event", "AUV-2", "{\"type\":\"zone_exit\"}"));
    }

    @Test
    void aRedisThatDoesNotAnswerCostsTheEventsCountedAndStopsNothing() {
        hubA.start(); // the subscription fails on the relay's thread, and is tried again later
        hubA.publish(List.of(new LiveEvent("position", "AUV-1", "{}")));
        hubA.publish(List.of(new LiveEvent("position", "AUV-2", "{}")));

        await().atMost(Duration.ofSeconds(10)).until(() ->
                meters.get("deepseaguard.live.dropped").tag("where", "relay").counter().count() == 2.0);
        assertThat(hubA.listening()).isFalse();
        assertThat(hubA.isRunning()).isTrue();
    }
}
