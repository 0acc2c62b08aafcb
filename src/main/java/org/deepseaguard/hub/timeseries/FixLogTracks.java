package org.deepseaguard.hub.timeseries;

import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.hub.store.FixLogRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Tracks from the fix log (table {@code fix_log}), when InfluxDB is off. Thread-safe. */
@Component
@ConditionalOnProperty(name = "deepseaguard.influxdb.enabled", havingValue = "false", matchIfMissing = true)
public class FixLogTracks implements TrackSource {

    private final FixLogRepository fixLog;

    public FixLogTracks(FixLogRepository fixLog) {
        this.fixLog = fixLog;
    }

    @Override
    public List<Telemetry> appliedFixes(String auvId, Instant from, Instant to, int limit) {
        return fixLog.applied(auvId, from, to, limit);
    }
}
