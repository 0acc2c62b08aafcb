package org.deepseaguard.hub.service;

import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * The watchdog lease of the default profile: vehicle states live in this process's memory, so there
 * is one instance and it runs every round. Stateless and thread-safe.
 */
@Component
@ConditionalOnExpression("'${deepseaguard.state-store:memory}' != 'redis'")
public class LocalWatchdogLease implements WatchdogLease {

    @Override
    public boolean tryAcquire(long round, Duration ttl) {
        return true;
    }
}
