package org.deepseaguard.hub.it;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Gives every integration-test application context its own Redis key prefix
 * ({@code deepseaguard.redis.key-prefix=dsg-it-<random>:}) on the machine's Redis (127.0.0.1:6379),
 * so the vehicle state of one test (or of an earlier run) is never another's: the Redis analogue of
 * {@link FreshPostgresDatabase}. The keys are deleted at JVM exit. Fails loudly when Redis does not
 * answer.
 */
public class FreshRedisPrefix implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String HOST = "127.0.0.1";
    static final int PORT = 6379;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String prefix = newPrefix();
        ping();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteKeys(prefix)));
        TestPropertyValues.of("deepseaguard.redis.key-prefix=" + prefix).applyTo(context);
    }

    /** A prefix no other context or run uses. */
    static String newPrefix() {
        return "dsg-it-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ":";
    }

    /** Fails with the way to start Redis when it does not answer. */
    static void ping() {
        try (Jedis jedis = new Jedis(HOST, PORT)) {
            jedis.ping();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Redis on " + HOST + ":" + PORT + " is needed by the integration tests "
                    + "(start it: redis-server --daemonize yes --bind 127.0.0.1 --port 6379)", e);
        }
    }

    /**
     * The keys under {@code prefix} (SCAN with MATCH: fine for a test's own prefix, never what the
     * hub does).
     */
    static List<String> keys(String prefix) {
        try (Jedis jedis = new Jedis(HOST, PORT)) {
            List<String> keys = new ArrayList<>();
            ScanParams params = new ScanParams().match(prefix + "*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, params);
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
            return keys;
        }
    }

    /** Deletes every key under {@code prefix}; quiet when Redis is gone (the JVM may be exiting). */
    static void deleteKeys(String prefix) {
        try {
            List<String> keys = keys(prefix);
            if (!keys.isEmpty()) {
                try (Jedis jedis = new Jedis(HOST, PORT)) {
                    jedis.del(keys.toArray(String[]::new));
                }
            }
        } catch (RuntimeException e) {
            // left behind under a unique prefix; harmless
        }
    }
}
