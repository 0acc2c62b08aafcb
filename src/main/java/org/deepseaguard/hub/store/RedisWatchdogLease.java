package org.deepseaguard.hub.store;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import org.deepseaguard.hub.service.WatchdogLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The watchdog lease of profile {@code stack} (state store Redis): one key per round,
 * {@code <prefix>watchdog:lease:<round>}, written with {@code SET ... NX PX}, so exactly one of the
 * instances sharing the Redis server runs each round; the key expires by itself. The value names the
 * instance (host, pid, a random suffix), for operators. Redis unreachable: the round is skipped
 * (logged), never run by every instance at once. Thread-safe.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.state-store", havingValue = "redis")
public class RedisWatchdogLease implements WatchdogLease {

    static final String LEASE_KEY = "watchdog:lease:";
    private static final Logger LOG = LoggerFactory.getLogger(RedisWatchdogLease.class);

    private final StringRedisTemplate redis;
    private final String prefix;
    private final String instance;

    @Autowired
    public RedisWatchdogLease(StringRedisTemplate redis, RedisStateProperties properties) {
        this(redis, properties.keyPrefix(),
                ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** For tests: a lease with a given key prefix and instance name. */
    public RedisWatchdogLease(StringRedisTemplate redis, String prefix, String instance) {
        this.redis = redis;
        this.prefix = prefix;
        this.instance = instance;
    }

    @Override
    public boolean tryAcquire(long round, Duration ttl) {
        try {
            return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(prefix + LEASE_KEY + round, instance, ttl));
        } catch (DataAccessException e) {
            LOG.warn("Watchdog round {} skipped: its lease could not be taken in Redis ({})", round, e.toString());
            return false;
        }
    }

    /** The name this instance writes into the keys it wins. */
    public String instance() {
        return instance;
    }
}
