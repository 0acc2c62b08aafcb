package org.deepseaguard.hub.service;

import java.time.Clock;
import java.time.Duration;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.store.FixLogRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes the fixes older than {@code deepseaguard.telemetry.retention} (event time, default 90
 * days) from the fix log; the intake refuses fixes that old, so the log stays the judge of
 * duplicates for every fix it can be sent. Thread-safe.
 */
@Component
public class FixLogRetention {

    private static final Logger LOG = LoggerFactory.getLogger(FixLogRetention.class);

    private final FixLogRepository fixLog;
    private final Duration retention;
    private final Clock clock;

    public FixLogRetention(FixLogRepository fixLog, DeepSeaGuardProperties properties, Clock clock) {
        this.fixLog = fixLog;
        this.retention = properties.telemetry().retention();
        this.clock = clock;
    }

    /** Returns the number of fixes deleted. */
    public int apply() {
        int deleted = fixLog.deleteOlderThan(clock.instant().minus(retention));
        if (deleted > 0) {
            LOG.info("Deleted {} fixes older than {} from the fix log", deleted, retention);
        }
        return deleted;
    }
}
