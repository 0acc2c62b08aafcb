package org.deepseaguard.core.engine;

import java.time.Instant;
import java.util.Map;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;

/**
 * What the hub remembers of one vehicle between fixes, in event time: the last applied fix, the
 * zones it is in with their entry times, its open violation episodes (keyed by
 * {@link ComplianceEngine#episodeKey}) and the wall-clock time the last fix arrived (for the
 * telemetry-gap watchdog). Which older fixes were seen already is not kept here: the hub's durable
 * fix log decides that (a fix equal to {@code lastFix}'s timestamp is the only duplicate the engine
 * recognises by itself).
 *
 * <p>A plain value: immutable, thread-safe, and serialisable as JSON (Jackson) or Java
 * serialisation, so the hub can keep it in memory or in Redis and resume it after a restart.
 * Maps and lists are copied and unmodifiable.
 */
public record VehicleState(
        String auvId,
        Telemetry lastFix,
        Map<String, Instant> zoneEntries,
        Map<String, Violation> openViolations,
        Instant lastArrival) implements java.io.Serializable {

    public VehicleState {
        zoneEntries = zoneEntries == null ? Map.of() : Map.copyOf(zoneEntries);
        openViolations = openViolations == null ? Map.of() : Map.copyOf(openViolations);
    }

    /** The state of a vehicle never seen before. */
    public static VehicleState initial(String auvId) {
        return new VehicleState(auvId, null, Map.of(), Map.of(), null);
    }
}
