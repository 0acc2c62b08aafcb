package org.deepseaguard.hub.timeseries;

import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.model.Telemetry;

/**
 * Where tracks are read: the fix log (default profile) or InfluxDB (profile {@code stack}). Both
 * hold the same applied fixes, so both give the same track.
 */
public interface TrackSource {

    /**
     * A vehicle's applied fixes with {@code from <= timestamp < to}, oldest first, at most {@code limit}.
     *
     * @throws TimeSeriesUnavailableException when the store cannot be read
     */
    List<Telemetry> appliedFixes(String auvId, Instant from, Instant to, int limit);
}
