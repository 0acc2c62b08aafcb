package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.deepseaguard.hub.store.RedisWatchdogLease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Issue 9, part 7: two hub instances (two leases, each with its own connection to the machine's real
 * Redis on 127.0.0.1:6379) race for the same watchdog round, released together by a latch: exactly
 * one wins, the key names it and expires by itself; the next round is raced for afresh. A Redis that
 * does not answer grants nothing (the round is skipped, not run by everyone). No Spring context.
 */
class WatchdogLeaseIT {

    private final String prefix = FreshRedisPrefix.newPrefix();
    private JedisConnectionFactory connectionsA;
    private JedisConnectionFactory connectionsB;
    private StringRedisTemplate redisA;

    @BeforeEach
    void connect() {
        FreshRedisPrefix.ping();
        connectionsA = factory(6379);
        connectionsB = factory(6379);
        redisA = template(connectionsA);
    }

    @AfterEach
    void close() {
        FreshRedisPrefix.deleteKeys(prefix);
        connectionsA.destroy();
        connectionsB.destroy();
    }

    @Test
    void ofTwoInstancesRacingForARoundExactlyOneWins() throws Exception {
        RedisWatchdogLease a = new RedisWatchdogLease(redisA, prefix, "hub-a");
        RedisWatchdogLease b = new RedisWatchdogLease(template(connectionsB), prefix, "hub-b");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (long round = 1000; round < 1005; round++) {
                CountDownLatch start = new CountDownLatch(1);
                long r = round;
                CompletableFuture<Boolean> wonA = CompletableFuture.supplyAsync(() -> race(start, a, r), threads);
                CompletableFuture<Boolean> wonB = CompletableFuture.supplyAsync(() -> race(start, b, r), threads);
                start.countDown();
                boolean aWon = wonA.get(10, TimeUnit.SECONDS);
                boolean bWon = wonB.get(10, TimeUnit.SECONDS);
                assertThat(List.of(aWon, bWon)).as("round %s: exactly one instance runs it", round)
                        .containsExactlyInAnyOrder(true, false);
                String key = prefix + "watchdog:lease:" + round;
                assertThat(redisA.opsForValue().get(key)).as("the key names the winner").isEqualTo(aWon ? "hub-a" : "hub-b");
                assertThat(redisA.getExpire(key, TimeUnit.MILLISECONDS)).as("the lease expires by itself")
                        .isPositive().isLessThanOrEqualTo(20_000L);
                assertThat(a.tryAcquire(round, Duration.ofSeconds(20))).as("a round is run once, whoever asks again").isFalse();
                assertThat(b.tryAcquire(round, Duration.ofSeconds(20))).isFalse();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRedisThatDoesNotAnswerGrantsNoRound() {
        JedisConnectionFactory nowhere = factory(1);
        try {
            RedisWatchdogLease lease = new RedisWatchdogLease(template(nowhere), prefix, "hub-c");
            assertThat(lease.tryAcquire(7, Duration.ofSeconds(20))).isFalse();
        } finally {
            nowhere.destroy();
        }
    }

    private static boolean race(CountDownLatch start, RedisWatchdogLease lease, long round) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return lease.tryAcquire(round, Duration.ofSeconds(20));
    }

    private static JedisConnectionFactory factory(int port) {
        JedisConnectionFactory factory = new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    private static StringRedisTemplate template(JedisConnectionFactory factory) {
        StringRedisTemplate template = new StringRedisTemplate(factory);
        template.afterPropertiesSet();
        return template;
    }
}
